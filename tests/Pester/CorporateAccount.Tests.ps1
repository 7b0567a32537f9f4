BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Three corporate accounts and a take cap of 1, so that every listing really pages.
    $sandbox = Start-TestSandbox '--corporate-accounts', '3', '--max-take', '1'
    Connect-TestSandbox $sandbox
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'Get-SoDataCorporateAccount' {
    It 'returns every account across capped pages, each exactly once' {
        $all = @(Get-SoDataCorporateAccount)
        $all.Count | Should -Be 3
        ($all.Uuid | Sort-Object -Unique).Count | Should -Be 3
        $all[0].Name | Should -Be 'SoLink'
    }

    It 'returns typed objects with the guide''s fields and a default table view' {
        $ca = Get-SoDataCorporateAccount -Name SoLink
        $ca.PSTypeNames | Should -Contain 'SoData.CorporateAccount'
        $ca.Uuid | Should -Match '^[0-9a-f-]{36}$'
        $ca.CorporateAccountUuid | Should -Be $ca.Uuid
        $ca.Active | Should -BeOfType [bool]
        $ca.UserLinks.Count | Should -BeGreaterThan 0
        $ca.UserLinks[0].UserId | Should -BeOfType [long]
        (Get-FormatData -TypeName SoData.CorporateAccount).FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }

    It 'matches names with wildcards, case-insensitively' {
        @(Get-SoDataCorporateAccount -Name 'solink').Count | Should -Be 1
        @(Get-SoDataCorporateAccount -Name 'So*').Name | Should -Contain 'SoLink'
        @(Get-SoDataCorporateAccount -Name 'NoSuchAccount*').Count | Should -Be 0
    }

    It 'finds an account by uuid, also from a piped object or CSV row' {
        $solink = Get-SoDataCorporateAccount -Name SoLink
        (Get-SoDataCorporateAccount -Uuid $solink.Uuid).Name | Should -Be 'SoLink'
        ([pscustomobject]@{ CorporateAccountUuid = $solink.Uuid } | Get-SoDataCorporateAccount).Name | Should -Be 'SoLink'
        ([pscustomobject]@{ Uuid = $solink.Uuid } | Get-SoDataCorporateAccount).Name | Should -Be 'SoLink'
    }

    It 'stops fetching once -First is satisfied' {
        Reset-SoDataSandboxStats $sandbox
        $first = @(Get-SoDataCorporateAccount -First 1)
        $first.Count | Should -Be 1
        Get-RouteCount $sandbox 'GET /api/v1/ca' | Should -Be 1
    }

    It 'makes one request for Select-Object -First 1' {
        Reset-SoDataSandboxStats $sandbox
        $null = Get-SoDataCorporateAccount | Select-Object -First 1
        Get-RouteCount $sandbox 'GET /api/v1/ca' | Should -Be 1
    }

    It 'supports -Skip and -IncludeTotalCount' {
        $all = @(Get-SoDataCorporateAccount)
        $skipped = @(Get-SoDataCorporateAccount -Skip 1)
        $skipped.Uuid | Should -Be @($all[1..2].Uuid)
        $withTotal = @(Get-SoDataCorporateAccount -IncludeTotalCount -First 1)
        $withTotal[0] | Should -BeLike '*3*'
        $withTotal.Count | Should -Be 2
    }

    It 'exports to CSV with clean cells: no type names' {
        $csv = Get-SoDataCorporateAccount | ConvertTo-Csv -NoTypeInformation | Out-String
        $csv | Should -Not -Match 'SoData\.|System\.'
        $csv | Should -Match 'SoLink'
    }

    It 'keeps fields the module does not model' {
        $json = Get-SoDataCorporateAccount -Name SoLink | ConvertTo-Json -Depth 5
        $json | Should -Match '"Uuid"'
        $json | Should -Not -Match 'AdditionalFields'
    }
}
