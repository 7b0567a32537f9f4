# Views: every type's default output at an 80-column console and a 160-column one, as a new admin sees it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    Connect-TestSandbox $sandbox
    $solink = Get-SoDataCorporateAccount -Name SoLink
    $device = $solink | Get-SoDataDevice -SerialNumber 1D15350041
    $from = [datetimeoffset]::new([datetime]::UtcNow.Date.AddDays(-1), [timespan]::Zero)
    $objects = [ordered]@{
        CorporateAccount = @(Get-SoDataCorporateAccount)
        Customer         = @($solink | Get-SoDataCustomer)
        Site             = @($solink | Get-SoDataSite)
        Device           = @($solink | Get-SoDataDevice)
        Item             = @($device | Get-SoDataItem)
        Variable         = @($device | Get-SoDataVariable)
        DataAccessGroup  = @($solink | Get-SoDataDataAccessGroup)
        LastValue        = @($device | Get-SoDataLastValue)
        DataPoint        = @($device | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Global|0|140110' |
            Get-SoDataDatapoint -From $from -To $from.AddHours(1) -TimeZone Europe/Paris)
        SoDataSession    = @(Get-SoDataSession)
    }

    function Format-Timestamp($Value) { $Value.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture) }

    # What an admin must read whole at 80 columns: names, units, timestamps (titles and uuids may be cut there).
    $needed = @{
        CorporateAccount = { $_.Name }
        Customer         = { $_.Name; $_.CompanyAddress.City }
        Site             = { $_.Name; $_.TimeZone }
        Device           = { $_.Name; $_.SerialNumber; $_.ModelName; $_.SiteName }
        Item             = { $_.Name; $_.DeviceName }
        Variable         = { $_.StreamRef; $_.Unit; $_.ServiceType; $_.DeviceName }
        DataAccessGroup  = { $_.Name }
        LastValue        = { $_.StreamRef; $_.Unit; $_.DeviceName; Format-Timestamp $_.Timestamp }
        DataPoint        = { $_.StreamRef; $_.Unit; $_.DeviceName; Format-Timestamp $_.Timestamp }
        SoDataSession    = { $_.UserName; "$($_.ApiUrl)" }
    }

    # The problems of one rendering: lines wider than the console, headers wrapped onto several lines, needed values cut.
    function Find-RenderingProblem([string] $Type, [int] $Width) {
        $text = $objects[$Type] | Out-String -Width $Width
        $lines = $text -split '\r?\n'
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i].TrimEnd().Length -gt $Width) { "line $i is $($lines[$i].TrimEnd().Length) characters wide: '$($lines[$i])'" }
            if ($lines[$i] -match '^-+( +-+)*\s*$') {
                # A table's underline: its header is the line above, and above that only a blank line (a wrapped header
                # puts the rest of its labels on more lines).
                if ($i -lt 2 -or $lines[$i - 2].Trim()) { "the header above line $i wraps: '$($lines[$i - 2])' / '$($lines[$i - 1])'" }
                if ($lines[$i - 1] -match '…') { "a header is cut: '$($lines[$i - 1])'" }
            }
        }
        foreach ($object in $objects[$Type]) {
            foreach ($value in $object | ForEach-Object $needed[$Type] | Where-Object { $_ }) {
                if (-not $text.Contains([string]$value)) { "'$value' of $Type '$object' is cut or missing" }
            }
        }
        if ($Width -ge 160 -and $text -match '…') { "a value is cut at $Width columns: $(($lines -match '…')[0])" }
    }
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'The default view of <_>' -ForEach 'CorporateAccount', 'Customer', 'Site', 'Device', 'Item', 'Variable', 'DataAccessGroup', 'LastValue', 'DataPoint', 'SoDataSession' {
    It 'has objects to show' {
        $objects[$_].Count | Should -BeGreaterThan 0
        $objects[$_][0].PSTypeNames | Should -Contain "SoData.$_"
    }

    It 'fits 80 columns: no wrapped header, no name, unit or timestamp cut' {
        Find-RenderingProblem $_ 80 | Should -BeNullOrEmpty
    }

    It 'uses 160 columns to show every value whole' {
        Find-RenderingProblem $_ 160 | Should -BeNullOrEmpty
    }

    It 'has a default display property set, for output mixed with other types' {
        $set = (Get-TypeData "SoData.$_").DefaultDisplayPropertySet
        $set | Should -Not -BeNullOrEmpty
        foreach ($name in $set.ReferencedProperties) {
            $objects[$_][0].PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because "'$name' of the set must exist on SoData.$_"
        }
    }
}

Describe 'Views of the admin''s columns' {
    It 'shows a device''s model under ModelName, its site by name and its connection status' {
        $table = $objects.Device | Out-String -Width 160
        $table | Should -Match '\bModelName\b'
        $table | Should -Match '\bSite\b'
        $table | Should -Match '\bConnection\b'
        $table | Should -Match ([regex]::Escape('(FR) Benfeld CDS'))
    }

    It 'shows a customer''s city, not the whole address' {
        $fr = $objects.Customer | Where-Object Name -EQ 'FR_Socomec'
        $line = ($fr | Out-String -Width 160) -split '\r?\n' | Where-Object { $_ -match 'FR_Socomec' }
        $line | Should -Match ' Benfeld '
        $line | Should -Not -Match ([regex]::Escape($fr.CompanyAddress.Street))
    }

    It 'names the device of variables, last values and datapoints' {
        foreach ($type in 'Variable', 'LastValue', 'DataPoint') {
            $objects[$type] | Out-String -Width 80 | Should -Match "Device: $([regex]::Escape($device.Name))"
        }
    }
}

Describe 'Mixed output, lists and CSV' {
    It 'shows a device after sites with a few properties, not every field' {
        $text = @($objects.Site[0]; $objects.Device[0]) | Out-String -Width 80
        $text | Should -Not -Match '\bconfigurationOptions\b'
        $text | Should -Not -Match '\bCreateNoCommunicationAlarm\b'
        $text | Should -Match ([regex]::Escape($objects.Device[0].SerialNumber))
    }

    It 'writes a device''s CSV columns in the order of 3752810 (the guide''s custom, configurationOptions and tags now modelled)' {
        # The header 3752810 wrote for a device (captured from its build); the three free-form fields were notes named as
        # the API spells them and are now modelled properties (PascalCase), in the same place.
        $before = '"Uuid","Name","SerialNumber","ModelName","Manufacturer","Status","ConnectionStatus","TechnicalName","Description","EmailTo","EmailCc","MappingMode","AcquisitionId","FrequencyStatus","FrequencyStream","CreationType","Visibility","Longitude","Latitude","DeviceTypeUuid","DeviceTypeReferenceId","Location","ContractNumber","ProfileIsUpToDate","CreateNoCommunicationAlarm","NoCommunicationPeriod","Locked","AdditionalInformation","GatewayId","ConfigurationKey","StorageName","NetId","MovingAuthorization","SiteUuid","GatewayUuid","IconUuid","Contact","Address","TimeZone","CreatedAt","Owned","CustomerUuid","SiteName","CorporateAccountUuid","custom","configurationOptions","tags","DeviceUuid","DeviceName"'
        $csv = Join-Path $TestDrive 'devices.csv'
        $objects.Device | Export-Csv -LiteralPath $csv -NoTypeInformation
        $header = Get-Content -LiteralPath $csv -TotalCount 1
        $header | Should -Be $before -Because 'the same columns in the same order (Should -Be ignores case)'
        $header | Should -BeExactly ($before -creplace '"custom"', '"Custom"' -creplace '"configurationOptions"', '"ConfigurationOptions"' -creplace '"tags"', '"Tags"')
        $benfeld = $objects.Device | Where-Object SerialNumber -EQ '1D15350041'
        $benfeld.Custom.socomec.deviceId | Should -Be '1D15350041'
        ($benfeld | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Custom | Should -Match '^socomec=deviceId=1D15350041; nomPowerKVA='
    }

    It 'models every field the sandbox''s guide-shaped objects carry' {
        foreach ($type in 'CorporateAccount', 'Customer', 'Site', 'Device', 'Item', 'Variable', 'DataAccessGroup', 'LastValue') {
            $names = @($objects[$type][0].PSObject.Properties.Name)
            $modelled = @([type]"SoData.$type" | ForEach-Object GetProperties | ForEach-Object Name)
            $aliases = @([type]"SoData.$type" | ForEach-Object { $_.GetCustomAttributes([SoData.PropertyAliasAttribute], $true).Name })
            $names | Where-Object { $_ -notin $modelled -and $_ -notin $aliases } | Should -BeNullOrEmpty -Because "$type has nothing left unmodelled"
        }
    }

    It 'lists a field the module does not model after the modelled ones and before the aliases, in Format-List * and CSV' {
        # A device as a later API version might send it: the guide's fields and two the module does not know.
        $json = '{"uuid":"u-1","name":"Later","serialNumber":"S1","custom":{"a":1},"tags":["x","y"],"energyClass":{"grade":"A"},"Rating":5}'
        $later = [System.Text.Json.JsonSerializer]::Deserialize($json, [SoData.Device], [SoData.Json]::Options)
        $names = @($later.PSObject.Properties.Name)
        $names[0] | Should -Be 'Uuid'
        $names[-4..-1] | Should -BeExactly 'energyClass', 'Rating', 'DeviceUuid', 'DeviceName'
        $names.IndexOf('Tags') | Should -BeGreaterThan $names.IndexOf('CorporateAccountUuid')
        @($names | Sort-Object -Unique).Count | Should -Be $names.Count -Because 'each property appears once'
        ($later | Format-List * | Out-String -Width 120).Trim() | Should -Match '^Uuid\s+:'
        $row = $later | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.energyClass | Should -Be 'grade=A'
        $row.Rating | Should -Be '5'
        $row.Tags | Should -Be 'x; y'
        $later.EnergyClass.grade | Should -Be 'A' -Because 'an unmodelled field is read in any case, as PowerShell''s properties'
        ($later | ConvertTo-Json -Depth 5 | ConvertFrom-Json).energyClass.grade | Should -Be 'A'
        $later.Rating = 6
        $later.Rating | Should -Be 6
    }

    It 'gives the aliases the next cmdlet binds to (DeviceUuid, SiteUuid...) the values they name' {
        $benfeld = $objects.Device | Where-Object SerialNumber -EQ '1D15350041'
        $picked = $benfeld | Select-Object DeviceUuid, DeviceName, CorporateAccountUuid
        $picked.DeviceUuid | Should -Be $benfeld.Uuid
        $picked.DeviceName | Should -Be $benfeld.Name
        $objects.Site[0].SiteUuid | Should -Be $objects.Site[0].Uuid
        $objects.Customer[0].CustomerUuid | Should -Be $objects.Customer[0].Uuid
        $objects.Item[0].ItemUuid | Should -Be $objects.Item[0].Uuid
        @($picked | Get-SoDataLastValue).Count | Should -Be @($objects.LastValue).Count -Because 'a row with the alias columns binds by property name'
    }

    It 'gives an object written twice (a cached corporate account) each property once' {
        $null = Get-SoDataCorporateAccount
        foreach ($account in Get-SoDataCorporateAccount) {
            $names = @($account.PSObject.Properties.Name)
            @($names | Sort-Object -Unique).Count | Should -Be $names.Count
        }
    }
}
