# Help: docs/ and the built help (out/SoData/en-US) against the cmdlets themselves, so the two cannot drift apart.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $cmdlets = (Import-PowerShellDataFile (Join-Path $root 'SoData.psd1')).CmdletsToExport
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Docs = Join-Path $RepoRoot 'docs'
    $script:Exported = (Import-PowerShellDataFile (Join-Path $RepoRoot 'SoData.psd1')).CmdletsToExport
    # -WhatIf and -Confirm are documented like other parameters, as PlatyPS does; the rest of the common ones are not.
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'

    # The parameters a user can see: not the common ones, not DontShow plumbing.
    function Get-VisibleParameter([string] $Name) {
        (Get-Command $Name -CommandType Cmdlet).Parameters.Values | Where-Object {
            $_.Name -notin $script:Common -and -not ($_.Attributes | Where-Object { $_ -is [Parameter] -and $_.DontShow })
        }
    }

    # Reads the '### -Name' entries of '## PARAMETERS' and their ```yaml blocks from a PlatyPS page.
    function Read-DocumentedParameter([string] $Path) {
        $parameters = [ordered]@{}
        $section = $null; $current = $null; $yaml = $null
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($null -ne $yaml) {
                if ($line -match '^```') { $current.Metadata.Add($yaml); $yaml = $null; continue }
                if ($line -match '^([^:]+):\s*(.*)$') { $yaml[$Matches[1].Trim()] = $Matches[2].Trim() }
                continue
            }
            if ($line -match '^## (.+)$') { $section = $Matches[1].Trim(); $current = $null; continue }
            if ($section -ne 'PARAMETERS') { continue }
            if ($line -match '^### -(\S+)\s*$') {
                $current = [pscustomobject]@{ Name = $Matches[1]; Metadata = [Collections.Generic.List[hashtable]]::new() }
                $parameters[$current.Name] = $current
                continue
            }
            if ($line -match '^### ') { $current = $null; continue }
            if ($line -match '^```yaml' -and $current) { $yaml = @{} }
        }
        $parameters
    }

    function Get-PipelineText($SetMetadata) {
        $ways = @()
        if ($SetMetadata.ValueFromPipeline) { $ways += 'ByValue' }
        if ($SetMetadata.ValueFromPipelineByPropertyName) { $ways += 'ByPropertyName' }
        if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
    }
}

Describe 'docs/<_>.md' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $page = Join-Path $Docs "$name.md"
        $documented = if (Test-Path -LiteralPath $page) { Read-DocumentedParameter $page } else { [ordered]@{} }
        $actual = @(Get-VisibleParameter $name)
    }

    It 'exists' {
        $page | Should -Exist -Because "every exported cmdlet has a help page"
    }

    It 'documents every parameter of the cmdlet' {
        $missing = foreach ($parameter in $actual) { if (-not $documented.Contains($parameter.Name)) { $parameter.Name } }
        $missing | Should -BeNullOrEmpty -Because "docs/$name.md needs a '### -<Name>' entry for each parameter"
    }

    It 'documents no parameter the cmdlet lacks' {
        $extra = $documented.Keys | Where-Object { $_ -notin $actual.Name }
        $extra | Should -BeNullOrEmpty -Because "$name has no such parameter"
    }

    It 'gives each parameter the type, sets, position, pipeline input, wildcards and aliases the cmdlet has' {
        $problems = foreach ($parameter in $actual) {
            $entry = $documented[$parameter.Name]
            if (-not $entry) { continue }
            if ($entry.Metadata.Count -eq 0) { "-$($parameter.Name): no yaml block"; continue }
            $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [SupportsWildcards] })
            $aliases = @($parameter.Aliases | Sort-Object)
            $covered = @()
            foreach ($yaml in $entry.Metadata) {
                if ($yaml['Type'] -ne $parameter.ParameterType.Name) { "-$($parameter.Name): Type is $($yaml['Type']), the cmdlet says $($parameter.ParameterType.Name)" }
                if ([bool]::Parse($yaml['Accept wildcard characters']) -ne $wildcards) { "-$($parameter.Name): Accept wildcard characters should be $wildcards" }
                $documentedAliases = @(($yaml['Aliases'] -split ',').Trim() | Where-Object { $_ -and $_ -ne 'None' } | Sort-Object)
                if (($documentedAliases -join ',') -ne ($aliases -join ',')) { "-$($parameter.Name): Aliases should be '$($aliases -join ', ')'" }
                $sets = if ($yaml['Parameter Sets'] -eq '(All)') { @($parameter.ParameterSets.Keys) } else { @(($yaml['Parameter Sets'] -split ',').Trim()) }
                foreach ($set in $sets) {
                    $metadata = $parameter.ParameterSets[$set]
                    if (-not $metadata) { "-$($parameter.Name): not in the parameter set '$set'"; continue }
                    $covered += $set
                    if ([bool]::Parse($yaml['Required']) -ne $metadata.IsMandatory) { "-$($parameter.Name) [$set]: Required should be $($metadata.IsMandatory)" }
                    $position = if ($metadata.Position -lt 0) { 'Named' } else { [string]$metadata.Position }
                    if ($yaml['Position'] -ne $position) { "-$($parameter.Name) [$set]: Position should be $position" }
                    $pipeline = Get-PipelineText $metadata
                    if ($yaml['Accept pipeline input'] -ne $pipeline) { "-$($parameter.Name) [$set]: Accept pipeline input should be $pipeline" }
                }
            }
            $uncovered = $parameter.ParameterSets.Keys | Where-Object { $_ -notin $covered }
            if ($uncovered) { "-$($parameter.Name): no yaml block covers the parameter set(s) $($uncovered -join ', ')" }
        }
        $problems | Should -BeNullOrEmpty -Because "docs/$name.md must say what the cmdlet does"
    }

    It 'names a syntax block for each parameter set' {
        $page | Should -Exist
        $sets = @((Get-Command $name).ParameterSets.Name | Where-Object { $_ -ne '__AllParameterSets' })
        $text = Get-Content -LiteralPath $page -Raw
        foreach ($set in $sets) {
            $text | Should -Match "(?m)^### $([regex]::Escape($set))( \(Default\))?\s*$" -Because "'## SYNTAX' has a block per parameter set"
        }
    }

    It 'reaches Get-Help -Full with synopsis, description, every parameter and examples' {
        $help = Get-Help $name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$name *[<CommonParameters>]*" -Because 'without help Get-Help shows the syntax as the synopsis'
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) { $example.code | Should -Not -BeNullOrEmpty }
        $helpParameters = @($help.parameters.parameter.name)
        foreach ($parameter in $actual) { $helpParameters | Should -Contain $parameter.Name }
        $text = $help | Out-String -Width 200
        $text | Should -Match 'Example 1'
        $text | Should -Match 'PARAMETERS'
    }
}

Describe 'docs/' {
    It 'has no cmdlet page for anything the module does not export' {
        # Verb-Noun.md is a cmdlet page; about_*.md an about topic; anything else (performance.md) is not help.
        $pages = Get-ChildItem -Path $Docs -Filter '*-*.md'
        $pages.BaseName | Where-Object { $_ -notin $Exported } | Should -BeNullOrEmpty
        $pages.BaseName | Where-Object { -not (Get-Command $_ -Module SoData -ErrorAction Ignore) } | Should -BeNullOrEmpty
    }

    It 'has the about_SoData topic, and Get-Help about_SoData shows it once the module is imported' {
        Join-Path $Docs 'about_SoData.md' | Should -Exist
        $text = Get-Help about_SoData | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'corporate account'
        $text | Should -Match 'SODATA_CLIENT_ID'
    }

    It 'ships the MAML and the about topic in the built module' {
        $helpFolder = Join-Path (Split-Path $ModulePath) 'en-US'
        Join-Path $helpFolder 'SoData.dll-Help.xml' | Should -Exist
        Join-Path $helpFolder 'about_SoData.help.txt' | Should -Exist
        $maml = [xml](Get-Content -LiteralPath (Join-Path $helpFolder 'SoData.dll-Help.xml') -Raw)
        $names = @($maml.helpItems.command | ForEach-Object { $_.details.name })
        ($names | Sort-Object) | Should -Be ($Exported | Sort-Object)
    }
}

Describe 'The help build (tools/HelpBuilder)' {
    BeforeAll {
        # build.ps1 Test says where it built HelpBuilder.dll; run by hand, MSBuild says where a Release build puts it.
        $builderPath = if ($env:SODATA_HELP_BUILDER) { $env:SODATA_HELP_BUILDER } else {
            & dotnet msbuild (Join-Path $RepoRoot 'tools/HelpBuilder/HelpBuilder.csproj') -getProperty:TargetPath -p:Configuration=Release -nologo
        }
        $builder = Get-Item -LiteralPath "$builderPath".Trim() -ErrorAction Ignore
        $scratch = Join-Path ([IO.Path]::GetTempPath()) ('sodata-docs-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        function Invoke-HelpBuilder([string] $Docs) {
            $output = & dotnet $builder.FullName --docs $Docs --out (Join-Path $scratch 'out') --cmdlets ($Exported -join ',') 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join "`n" }
        }
    }
    AfterAll { Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction Ignore }

    It 'fails, naming the page, for a page of a cmdlet the module does not export' {
        if (-not $builder) { Set-ItResult -Skipped -Because 'HelpBuilder is not built (./build.ps1 Build)' }
        $folder = Join-Path $scratch 'unknown'
        $null = New-Item -ItemType Directory -Path $folder
        (Get-Content (Join-Path $Docs 'Get-SoDataSite.md') -Raw) -replace 'Get-SoDataSite', 'Get-SoDataPlanet' | Set-Content (Join-Path $folder 'Get-SoDataPlanet.md')
        $result = Invoke-HelpBuilder $folder
        $result.ExitCode | Should -Be 1
        $result.Text | Should -Match "Get-SoDataPlanet\.md: error: 'Get-SoDataPlanet' is not a cmdlet the module exports"
        Join-Path $scratch 'out/SoData.dll-Help.xml' | Should -Not -Exist
    }

    It 'fails, naming the file and line, for a malformed page' {
        if (-not $builder) { Set-ItResult -Skipped -Because 'HelpBuilder is not built (./build.ps1 Build)' }
        $folder = Join-Path $scratch 'malformed'
        $null = New-Item -ItemType Directory -Path $folder
        $text = (Get-Content (Join-Path $Docs 'Get-SoDataSite.md') -Raw) -replace '(?m)^Required: False', 'Required: Maybe' -replace '(?m)^## OUTPUTS', '## OUTPUT'
        Set-Content (Join-Path $folder 'Get-SoDataSite.md') $text
        $result = Invoke-HelpBuilder $folder
        $result.ExitCode | Should -Be 1
        $result.Text | Should -Match "Get-SoDataSite\.md:\d+: error: -\w+: 'Required: Maybe' must be True or False"
        $result.Text | Should -Match "Get-SoDataSite\.md: error: the '## OUTPUTS' section is missing"
    }

    It 'builds the real docs/ without errors' {
        if (-not $builder) { Set-ItResult -Skipped -Because 'HelpBuilder is not built (./build.ps1 Build)' }
        $result = Invoke-HelpBuilder $Docs
        $result.Text | Should -Not -Match 'error:'
        $result.ExitCode | Should -Be 0
    }
}

Describe 'Tab completion without a session' {
    # With a session these are tested in Datapoint.Tests.ps1 and Hierarchy.Tests.ps1; here: nothing to sign in to.
    BeforeAll {
        Disconnect-SoData
        function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
    }

    It 'completes -Granularity, -Aggregation and -TimeZone of Get-SoDataDatapoint offline' {
        Complete 'Get-SoDataDatapoint -Granularity ' | Sort-Object | Should -Be @('Day', 'Hour', 'Minute', 'Month', 'Raw', 'Week', 'Year')
        Complete 'Get-SoDataDatapoint -Aggregation M' | Sort-Object | Should -Be @('Max', 'Min')
        Complete 'Get-SoDataDatapoint -TimeZone Europe/Par' | Should -Contain 'Europe/Paris'
        Complete 'Get-SoDataDatapoint -TimeZone ' | Select-Object -First 1 | Should -Be 'UTC'
    }

    It 'offers well-known mapping configs for -Series and -StreamRef when no device is known' {
        Complete 'Get-SoDataDatapoint -DeviceUuid x -Series Glo' | Should -Contain "'Global|0|140100'"
        Complete 'Get-SoDataLastValue -StreamRef Glo' | Should -Contain "'Global|0|140100'"
    }

    It 'completes -Method of Invoke-SoDataRequest' {
        Complete 'Invoke-SoDataRequest ca -Method P' | Sort-Object | Should -Be @('PATCH', 'POST', 'PUT')
    }

    It 'offers nothing for -CorporateAccount, and does not fail, when there is no session' {
        { Complete 'Get-SoDataDevice -CorporateAccount So' } | Should -Not -Throw
        Complete 'Get-SoDataDevice -CorporateAccount So' | Should -Not -Contain 'SoLink'
    }
}
