BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # A take cap of 7, so every level really pages.
    $sandbox = Start-TestSandbox '--max-take', '7', '--corporate-accounts', '2', '--customers', '3', '--sites', '2', '--devices', '4', '--variables', '9'
    Connect-TestSandbox $sandbox

    # What the sandbox says it holds, read from the totals of its own listings (one object per request).
    function Get-Total([string] $Path) { (Invoke-SoDataRequest $Path -Query @{ take = 1; skip = 0 }).total }
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'Walking the hierarchy' {
    It 'returns every variable exactly once through the five-cmdlet chain, matching the sandbox''s totals' {
        $variables = @(Get-SoDataCorporateAccount | Get-SoDataCustomer | Get-SoDataSite | Get-SoDataDevice | Get-SoDataVariable)

        $expected = 0
        foreach ($ca in Get-SoDataCorporateAccount) {
            foreach ($device in Invoke-SoDataRequest "ca/$($ca.Uuid)/devices" -All) {
                $expected += Get-Total "ca/$($ca.Uuid)/devices/$($device.uuid)/variables"
            }
        }
        $expected | Should -BeGreaterThan 7
        $variables.Count | Should -Be $expected
        ($variables.Uuid | Sort-Object -Unique).Count | Should -Be $expected
    }

    It 'counts each level like the sandbox does' {
        foreach ($ca in Get-SoDataCorporateAccount) {
            @($ca | Get-SoDataCustomer).Count | Should -Be (Get-Total "ca/$($ca.Uuid)/customers")
            @($ca | Get-SoDataSite).Count | Should -Be (Get-Total "ca/$($ca.Uuid)/sites")
            @($ca | Get-SoDataDevice).Count | Should -Be (Get-Total "ca/$($ca.Uuid)/devices")
            @($ca | Get-SoDataDataAccessGroup).Count | Should -Be (Get-Total "ca/$($ca.Uuid)/data-access-groups")
        }
    }

    It 'finds the guide''s device by serial number, with its site and corporate account' {
        $device = Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice -SerialNumber 1D15350041
        @($device).Count | Should -Be 1
        $device.Name | Should -Be 'Delphys GP2 - 160 kVA'
        $device.PSTypeNames | Should -Contain 'SoData.Device'
        $device.CorporateAccountUuid | Should -Be (Get-SoDataCorporateAccount -Name SoLink).Uuid
        $site = Get-SoDataSite -CorporateAccount SoLink -Name '(FR) Benfeld CDS'
        $device.SiteUuid | Should -Be $site.Uuid
    }

    It 'chains customer -> sites -> devices and stamps each parent' {
        $customer = Get-SoDataCustomer -CorporateAccount SoLink -Name FR_Socomec
        $customer.Name | Should -Be 'FR_Socomec'
        $customer.CompanyAddress.City | Should -Not -BeNullOrEmpty
        $sites = @($customer | Get-SoDataSite)
        $sites.CustomerUuid | Sort-Object -Unique | Should -Be $customer.Uuid
        $viaCustomer = @($customer | Get-SoDataDevice)
        $viaSites = @($sites | Get-SoDataDevice)
        ($viaCustomer.Uuid | Sort-Object) | Should -Be ($viaSites.Uuid | Sort-Object)
        $viaCustomer.CustomerUuid | Sort-Object -Unique | Should -Be $customer.Uuid
        $viaCustomer | ForEach-Object { $_.SiteUuid | Should -BeIn $sites.Uuid }
    }

    It 'chains device -> items -> variables of that item' {
        $device = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber 1D15350041
        $items = @($device | Get-SoDataItem)
        $items.Count | Should -BeGreaterThan 1
        $items[0].DeviceName | Should -Be $device.Name
        $global = $items | Where-Object ItemType -EQ 'Global'
        $variables = @($global | Get-SoDataVariable)
        $variables.Count | Should -BeGreaterThan 0
        $variables.ItemUuid | Sort-Object -Unique | Should -Be $global.Uuid
        $variables[0].DeviceName | Should -Be $device.Name
        $variables[0].CorporateAccountUuid | Should -Be $device.CorporateAccountUuid
    }

    It 'filters variables by stream ref, service id, service type and item type' {
        $device = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber 1D15350041
        $load = $device | Get-SoDataVariable -StreamRef 'Global|0|140100'
        $load.ServiceId | Should -Be 140100
        $load.ItemIndex | Should -BeOfType [int]
        $load.Title | Should -Not -BeNullOrEmpty
        ($device | Get-SoDataVariable -ServiceId 140100).Uuid | Should -Be $load.Uuid
        @($device | Get-SoDataVariable -StreamRef 'Global|*') | ForEach-Object { $_.ItemType | Should -Be 'Global' }
        @($device | Get-SoDataVariable -ItemType Unit) | ForEach-Object { $_.ItemType | Should -Be 'Unit' }
        @($device | Get-SoDataVariable -ServiceType Measure) | ForEach-Object { $_.ServiceType | Should -Be 'Measure' }
    }

    It 'binds plain uuids from CSV rows' {
        $device = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber 1D15350041
        $csv = Join-Path $TestDrive 'ids.csv'
        [pscustomobject]@{ CorporateAccountUuid = $device.CorporateAccountUuid; DeviceUuid = $device.Uuid } | Export-Csv $csv -NoTypeInformation
        @(Import-Csv $csv | Get-SoDataVariable).Count | Should -Be @($device | Get-SoDataVariable).Count
        $site = [pscustomobject]@{ CorporateAccountUuid = $device.CorporateAccountUuid; SiteUuid = $device.SiteUuid }
        ($site | Get-SoDataDevice).Uuid | Should -Contain $device.Uuid
    }

    It 'binds each piped object of the module by what it is' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        $customer = $ca | Get-SoDataCustomer -Name FR_Socomec
        $site = $ca | Get-SoDataSite -Name '(FR) Benfeld CDS'
        $device = $ca | Get-SoDataDevice -SerialNumber 1D15350041
        @($ca | Get-SoDataDevice).Count | Should -Be (Get-Total "ca/$($ca.Uuid)/devices")
        ($customer | Get-SoDataDevice).Uuid | Should -Contain $device.Uuid
        ($site | Get-SoDataDevice).SiteUuid | Sort-Object -Unique | Should -Be $site.Uuid
        $again = @($device | Get-SoDataDevice)
        $again.Count | Should -Be 1
        $again[0].Uuid | Should -Be $device.Uuid
    }

    It 'gets devices by uuid from a CSV file with a Uuid or a DeviceUuid column, in the order given' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        $devices = @($ca | Get-SoDataDevice | Select-Object -Last 3)
        $csv = Join-Path $TestDrive 'devices.csv'
        $devices | Select-Object CorporateAccountUuid, Uuid | Export-Csv $csv -NoTypeInformation
        $pages = [math]::Ceiling((Get-Total "ca/$($ca.Uuid)/devices") / 7)
        Reset-SoDataSandboxStats $sandbox
        (Import-Csv $csv | Get-SoDataDevice).Uuid | Should -Be $devices.Uuid
        Get-RouteCount $sandbox 'GET /api/v1/ca/{ca}/devices' | Should -Be $pages -Because 'three uuids of one account are found with one listing'
        $devices | Select-Object CorporateAccountUuid, @{ n = 'DeviceUuid'; e = { $_.Uuid } } | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv | Get-SoDataDevice).Uuid | Should -Be $devices.Uuid
        $missing = [guid]::NewGuid().ToString()
        $null = Get-SoDataDevice -CorporateAccount SoLink -Uuid $missing -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DeviceNotFound,*'
        "$($err[0])" | Should -BeLike "*$missing*"
    }

    It 'makes one request for Select-Object -First 1' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        Reset-SoDataSandboxStats $sandbox
        $null = $ca | Get-SoDataDevice | Select-Object -First 1
        Get-RouteCount $sandbox 'GET /api/v1/ca/{ca}/devices' | Should -Be 1
    }

    It 'pages by what the server sent when -PageSize exceeds the cap' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        $all = @($ca | Get-SoDataDevice -PageSize 100)
        $all.Count | Should -Be (Get-Total "ca/$($ca.Uuid)/devices")
        ($all.Uuid | Sort-Object -Unique).Count | Should -Be $all.Count
        @($ca | Get-SoDataDevice -Skip 5 -First 3).Uuid | Should -Be $all[5..7].Uuid
    }

    It 'completes the mapping configs of a device piped in from a variable' {
        $global:SoDataTestUps = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber 1D15350041
        try {
            $completions = Complete-Eventually '$SoDataTestUps | Get-SoDataVariable -StreamRef Glo'
            $expected = @($SoDataTestUps | Get-SoDataVariable -StreamRef 'Glo*' | ForEach-Object { "'$($_.StreamRef)'" })
            @($completions.CompletionText | Sort-Object) | Should -Be @($expected | Sort-Object)
        }
        finally { Remove-Variable SoDataTestUps -Scope Global }
    }

    It 'offers no made-up mapping configs when the device''s account cannot be told' {
        # The session sees two accounts and the line names none: nothing is the honest answer.
        $device = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber 1D15350041
        $line = "Get-SoDataVariable -DeviceUuid $($device.Uuid) -StreamRef Glo"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
        $line = '$notAVariable | Get-SoDataVariable -StreamRef Glo'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
    }

    It 'completes nothing, and fails nothing, when the API cannot be reached' {
        # Connect-SoData checks that the API answers, so the session is made while it does; then its server goes away.
        $gone = Start-TestSandbox
        $session = Connect-TestSandbox $gone -PassThru
        $gone | Stop-SoDataSandbox
        try {
            $line = 'Get-SoDataDevice -Session $session -CorporateAccount So'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
        }
        finally { Connect-TestSandbox $sandbox }
    }
}

Describe 'Output for Export-Csv and ConvertTo-Json' {
    BeforeAll {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        $device = $ca | Get-SoDataDevice -SerialNumber 1D15350041
        $objects = @{
            CorporateAccount = @($ca)
            Customer         = @($ca | Get-SoDataCustomer)
            Site             = @($ca | Get-SoDataSite)
            Device           = @($ca | Get-SoDataDevice)
            Item             = @($device | Get-SoDataItem)
            Variable         = @($device | Get-SoDataVariable)
            DataAccessGroup  = @($ca | Get-SoDataDataAccessGroup)
        }
    }

    It 'exports <_> to CSV without type-name cells' -ForEach 'CorporateAccount', 'Customer', 'Site', 'Device', 'Item', 'Variable', 'DataAccessGroup' {
        $objects[$_].Count | Should -BeGreaterThan 0
        $csv = $objects[$_] | ConvertTo-Csv -NoTypeInformation | Out-String
        $csv | Should -Not -Match 'SoData\.[A-Z]|System\.[A-Z]'
        $objects[$_][0].PSTypeNames | Should -Contain "SoData.$_"
        (Get-FormatData -TypeName "SoData.$_") | Should -Not -BeNullOrEmpty
    }

    It 'renders an address on one line and nested custom fields as text' {
        $row = $objects.Device | Where-Object SerialNumber -EQ '1D15350041' | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.Address | Should -Match ', '
        $row.Contact | Should -Not -BeNullOrEmpty
    }

    It 'keeps every field the API sent in ConvertTo-Json' {
        $raw = Invoke-SoDataRequest "ca/$($ca.Uuid)/devices" -Query @{ take = 100; siteUuid = $device.SiteUuid; withContact = $true; withAddress = $true }
        $sent = $raw.results | Where-Object uuid -EQ $device.Uuid
        $json = $device | ConvertTo-Json -Depth 10 | ConvertFrom-Json
        foreach ($name in $sent.PSObject.Properties.Name) {
            $json.PSObject.Properties.Name | Should -Contain $name -Because "the API sent '$name'"
        }
    }
}

Describe 'Invoke-SoDataRequest' {
    It 'calls a route with the session''s auth and returns objects' {
        $page = Invoke-SoDataRequest -Path 'ca' -Query @{ take = 2 }
        $page.total | Should -BeGreaterThan 0
        $page.results[0].uuid | Should -Not -BeNullOrEmpty
        (Invoke-SoDataRequest 'api/v1/ca').total | Should -Be $page.total
    }

    It 'sends a body: a hashtable as JSON, or a JSON string as is' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        $device = $ca | Get-SoDataDevice -SerialNumber 1D15350041
        $body = @{
            from = '2024-05-18T00:00:00Z'; to = '2024-05-18T01:00:00Z'; timezone = 'UTC'; useDeviceLocalTimezone = $false; granularity = 'raw'
            series = @(@{ deviceUuid = $device.Uuid; itemType = 'Global'; itemIndex = '0'; serviceId = '140100' })
        }
        $fromHashtable = Invoke-SoDataRequest -Method PUT -Path "ca/$($ca.Uuid)/datapoints" -Body $body
        $fromHashtable.series[0].serviceId | Should -Be '140100'
        @($fromHashtable.series[0].data).Count | Should -BeGreaterThan 0
        $fromString = Invoke-SoDataRequest -Method Put -Path "ca/$($ca.Uuid)/datapoints" -Body ($body | ConvertTo-Json -Depth 5)
        ($fromString.series[0].data | ConvertTo-Json) | Should -Be ($fromHashtable.series[0].data | ConvertTo-Json)
    }

    It 'follows paging with -All' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        @(Invoke-SoDataRequest "ca/$($ca.Uuid)/devices" -All).Count | Should -Be @($ca | Get-SoDataDevice).Count
    }

    It 'refuses a URL outside the session''s API' {
        { Invoke-SoDataRequest 'https://elsewhere.example/api/v1/ca' } | Should -Throw -ExpectedMessage '*not under the session*'
    }
}
