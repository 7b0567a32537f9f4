# Every example is a test: each ```powershell block of docs/*.md and README.md runs, as written, against a sandbox.
#
# Each page runs in a runspace and a working folder of its own, its blocks in page order, so a block may use a file
# or a variable an earlier block of the same page made. The runspace starts signed in to the sandbox (the README's
# "The sandbox" setup), with the SODATA_* environment variables of a scheduled task set to the sandbox's values, and
# with the built module reachable as `Import-Module SoData`. Two things are rewritten, for the sandbox of this run:
# its documented address http://127.0.0.1:5080/ becomes the address it really listens on, and the repository path
# ./out/SoData/SoData.psd1 becomes the module under test. A block runs whole; it fails on any error it writes, and
# on a CSV file it writes with a .NET type name in a cell (System.Object[], System.Collections.ArrayList...).
#
# A block that cannot run here says so in a comment line of its own, which is also what a reader needs to know:
#   # Interactive: <what it asks for>         e.g. Get-Credential, Read-Host, a <Tab>
#   # Windows only: <why>                     skipped on Linux and macOS
#   # Needs the network: <what>               e.g. the PowerShell Gallery
#   # Installs: <what>                        changes the computer (modules folder, repositories, scheduled tasks)
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $pages = @(Get-ChildItem (Join-Path $root 'docs') -Filter *.md | Sort-Object Name) + @(Get-Item (Join-Path $root 'README.md'))
    $examples = foreach ($page in $pages) {
        $relative = [IO.Path]::GetRelativePath($root, $page.FullName).Replace('\', '/')
        $heading = $null; $code = $null; $inFence = $false; $countUnderHeading = 0
        foreach ($line in Get-Content -LiteralPath $page.FullName) {
            if ($null -ne $code) {
                if ($line -match '^```\s*$') {
                    $countUnderHeading++
                    $name = if ($countUnderHeading -gt 1) { "$heading (block $countUnderHeading)" } else { $heading }
                    $text = $code -join "`n"
                    $marker = [regex]::Match($text, '(?m)^\s*#\s*(Interactive|Windows only|Needs the network|Installs)\s*:\s*(.+)$')
                    $skip = $null
                    if ($marker.Success -and -not ($marker.Groups[1].Value -eq 'Windows only' -and $IsWindows)) {
                        $skip = "$($marker.Groups[1].Value): $($marker.Groups[2].Value.Trim())"
                    }
                    @{ Page = $relative; Name = $name; Code = $text; Skip = $skip }
                    $code = $null
                }
                else { $code.Add($line) }
                continue
            }
            if ($line -match '^```powershell\s*$') { $code = [Collections.Generic.List[string]]::new(); continue }
            if ($line -match '^```') { $inFence = -not $inFence; continue }
            if ($inFence) { continue }
            if ($line -match '^#{1,3} (.+)$') { $heading = $Matches[1].Trim(); $countUnderHeading = 0 }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "sodata-examples-$PID"
    $script:Runspaces = @{}
    $script:SavedEnvironment = @{}
    $environment = @{
        SODATA_API_URL = $sandbox.Url; SODATA_AUTH_URL = $sandbox.Url; SODATA_CLIENT_ID = $SandboxClientId
        SODATA_CLIENT_SECRET = $SandboxSecretText; SODATA_USERNAME = $SandboxUser; SODATA_PASSWORD = $SandboxPasswordText
        PSModulePath = (Split-Path (Split-Path $ModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    foreach ($name in $environment.Keys) {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $environment[$name])
    }

    # The page's runspace: signed in to the sandbox, in a working folder of the page's own.
    function Get-PageRunspace([string] $Page) {
        if ($Runspaces.ContainsKey($Page)) { return $Runspaces[$Page] }
        $folder = Join-Path $Work ($Page -replace '[\\/.]', '-')
        $null = New-Item -ItemType Directory -Force -Path $folder
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $setup = [powershell]::Create($runspace)
        $null = $setup.AddScript({
            param($ModulePath, $Folder)
            Import-Module $ModulePath
            Set-Location -LiteralPath $Folder
            Connect-SoData
        }).AddArgument($ModulePath).AddArgument($folder).Invoke()
        if ($setup.HadErrors) { throw "Setting up the runspace for $Page failed: $($setup.Streams.Error -join '; ')" }
        $setup.Dispose()
        $Runspaces[$Page] = $runspace
        $runspace
    }

    function Invoke-Example([string] $Page, [string] $Code) {
        $started = [DateTime]::UtcNow.AddSeconds(-1)
        $code = $Code.Replace('http://127.0.0.1:5080/', $sandbox.Url).Replace('./out/SoData/SoData.psd1', $ModulePath)
        $shell = [powershell]::Create((Get-PageRunspace $Page))
        try {
            # Out-String renders the output as a console would, so a broken view fails too.
            $null = $shell.AddScript($code).AddCommand('Out-String').AddParameter('Width', 120)
            $problems = [Collections.Generic.List[string]]::new()
            $async = $shell.BeginInvoke()
            # A guard against a hung example, not a speed check.
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(5))) { $shell.Stop(); $problems.Add('did not finish within 5 minutes') }
            else {
                try { $null = $shell.EndInvoke($async) }
                catch { $problems.Add("stopped with: $($_.Exception.InnerException.Message ?? $_.Exception.Message)") }
            }
            foreach ($record in $shell.Streams.Error) { $problems.Add("wrote the error [$($record.FullyQualifiedErrorId)] $record") }
            $folder = $shell.Runspace.SessionStateProxy.Path.CurrentFileSystemLocation.Path
            foreach ($csv in Get-ChildItem -LiteralPath $folder -Filter *.csv -Recurse | Where-Object LastWriteTimeUtc -GE $started) {
                $typeName = Select-String -LiteralPath $csv.FullName -Pattern '\b(System|SoData)\.[A-Z]\w*(\.\w+)*(\[\])?' | Select-Object -First 1
                if ($typeName) { $problems.Add("wrote a type name into $($csv.Name): '$($typeName.Matches[0].Value)' in line $($typeName.LineNumber)") }
            }
            $problems
        }
        finally { $shell.Dispose() }
    }
}

AfterAll {
    foreach ($runspace in $Runspaces.Values) { $runspace.Dispose() }
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction Ignore
    $sandbox | Stop-SoDataSandbox
}

Describe 'Documented examples' {
    It '<Page>: <Name>' -ForEach $examples {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $problems = @(Invoke-Example $Page $Code)
        $problems | Should -BeNullOrEmpty -Because "the example '$Name' of $Page must run as written"
    }
}
