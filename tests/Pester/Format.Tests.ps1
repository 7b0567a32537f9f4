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

    It 'lists the modelled properties before the API''s extra fields in Format-List * and CSV' {
        $first = $objects.Device[0]
        $names = @($first.PSObject.Properties.Name)
        $names[0] | Should -Be 'Uuid'
        $names.IndexOf('custom') | Should -BeGreaterThan $names.IndexOf('CorporateAccountUuid')
        ($first | Format-List * | Out-String -Width 120).Trim() | Should -Match '^Uuid\s+:'
        $header = ($first | ConvertTo-Csv -NoTypeInformation)[0] -split ','
        $header[0] | Should -Be '"Uuid"'
        [array]::IndexOf($header, '"custom"') | Should -BeGreaterThan ([array]::IndexOf($header, '"SerialNumber"'))
        $first.custom | Should -Not -BeNullOrEmpty -Because 'the fields the API sends beyond the model are still there'
        @($names | Sort-Object -Unique).Count | Should -Be $names.Count -Because 'each property appears once'
    }

    It 'gives an object written twice (a cached corporate account) each property once' {
        $null = Get-SoDataCorporateAccount
        foreach ($account in Get-SoDataCorporateAccount) {
            $names = @($account.PSObject.Properties.Name)
            @($names | Sort-Object -Unique).Count | Should -Be $names.Count
        }
    }
}
