# Windows PowerShell 5.1 (.NET Framework), proven on Linux: tests/Net472Host, a .NET Framework 4.7.2 program, loads the
# built out/SoData with LoadFrom and runs its module initializer as Import-Module does, then drives the client against a
# sandbox, under Mono's strict assembly loader (exact strong-name versions and no binding redirects, as on .NET
# Framework; Mono's default loader ignores versions and would pass a broken build). Mono comes from Debian's
# mono-runtime, mono-devel and libmono-system-net-http4.0-cil (.ci/run installs them); without it these tests are
# skipped, and build.ps1 Test says so.
BeforeDiscovery {
    $script:HasMono = [bool](Get-Command mono -CommandType Application -ErrorAction Ignore)
    # One line per step that the host prints: PASS <step> or FAIL <step>: <why>.
    $script:Steps = 'import', 'password grant', 'refresh', 'retried 503', 'paged listing', 'datapoints', '8 requests in flight', 'time zones', 'encoding argument', 'xlsx workbook', 'xlsx chart', 'archive of two nights', 'archive on device calendars'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:HostExe = if ($env:SODATA_NET472_HOST) { $env:SODATA_NET472_HOST } else { Join-Path $RepoRoot 'tests/Net472Host/bin/Release/net472/Net472Host.exe' }
    $script:Lines = @()
    $script:ExitCode = $null
    if (Get-Command mono -CommandType Application -ErrorAction Ignore) {
        if (-not (Test-Path -LiteralPath $HostExe)) { throw "$HostExe is missing: run ./build.ps1 Build first." }
        # Every API request is answered 503 once before it is served, so each call of the walk goes through a retry.
        $sandbox = Start-TestSandbox '--fault-rate', '1', '--fault-streak', '1'
        try {
            $script:Lines = @(& mono --assembly-loader=strict $HostExe (Split-Path $ModulePath) $sandbox.Url 2>&1 | ForEach-Object { "$_" })
            $script:ExitCode = $LASTEXITCODE
            $script:Stats = Get-SoDataSandboxStats $sandbox
        }
        finally { $sandbox | Stop-SoDataSandbox }
    }
}

Describe 'Windows PowerShell 5.1: out/SoData on .NET Framework (Mono, strict loader)' -Skip:(-not $HasMono) {
    It 'step <_> passes' -ForEach $Steps {
        $step = $_
        $line = $Lines | Where-Object { $_ -like "PASS $step" -or $_ -like "FAIL ${step}:*" } | Select-Object -First 1
        $line | Should -Not -BeNullOrEmpty -Because "the host prints one line per step; it printed:`n$($Lines -join "`n")"
        $line | Should -Be "PASS $step"
    }

    It 'ran every step, and the sandbox saw the password and refresh grants and the 503s' {
        $ExitCode | Should -Be 0 -Because ($Lines -join "`n")
        ($Lines | Where-Object { $_ -like 'Imported *SoData.dll; module initializers run: *ModuleInitializer*' }) | Should -Not -BeNullOrEmpty
        $Stats.grants.password | Should -Be 1
        $Stats.grants.refresh_token | Should -Be 1
        $Stats.faults.fault | Should -BeGreaterThan 8
    }
}
