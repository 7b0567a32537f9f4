# The module's version is kept in one place, Directory.Build.props: SoData.dll gets it from MSBuild, and build.ps1
# writes it into the built manifest (the repository's SoData.psd1 holds a placeholder).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Both as four-part versions: a manifest may say 0.1.0 where the assembly says 0.1.0.0.
    function ConvertTo-FullVersion([version] $Version) {
        [version]::new($Version.Major, $Version.Minor, [Math]::Max($Version.Build, 0), [Math]::Max($Version.Revision, 0))
    }
    $propsVersion = ([xml](Get-Content -LiteralPath (Join-Path $RepoRoot 'Directory.Build.props') -Raw)).SelectSingleNode('/Project/PropertyGroup/Version').InnerText
    $dll = Join-Path (Split-Path $ModulePath) 'SoData.dll'
}

Describe 'The module version' {
    It 'is the same in the built SoData.psd1 and in SoData.dll' {
        $manifestVersion = (Import-PowerShellDataFile $ModulePath).ModuleVersion
        $assemblyVersion = [Reflection.AssemblyName]::GetAssemblyName($dll).Version
        ConvertTo-FullVersion $manifestVersion | Should -Be (ConvertTo-FullVersion $assemblyVersion)
        (Get-Module SoData).Version | Should -Be ([version]$manifestVersion)
    }

    It 'is the one Directory.Build.props sets, not the placeholder of the repository''s SoData.psd1' {
        (Import-PowerShellDataFile $ModulePath).ModuleVersion | Should -Be $propsVersion
        (Import-PowerShellDataFile (Join-Path $RepoRoot 'SoData.psd1')).ModuleVersion | Should -Be '0.0.0'
        (Get-Item -LiteralPath $dll).VersionInfo.ProductVersion | Should -BeLike "$propsVersion*"
    }

    It 'leaves the rest of the manifest as the repository has it' {
        $built = Get-Content -LiteralPath $ModulePath
        $source = Get-Content -LiteralPath (Join-Path $RepoRoot 'SoData.psd1')
        $built.Count | Should -Be $source.Count
        @(Compare-Object $source $built).Count | Should -Be 2 -Because 'only the ModuleVersion line differs (one line out, one in)'
    }
}
