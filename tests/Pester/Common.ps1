# Dot-sourced by every Pester file: where the built module and sandbox are, and how to connect to a sandbox.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:SODATA_MODULE_PATH) { $env:SODATA_MODULE_PATH } else { Join-Path $RepoRoot 'out/SoData/SoData.psd1' }
$script:SandboxDll = if ($env:SODATA_SANDBOX_DLL) { $env:SODATA_SANDBOX_DLL } else { Join-Path $RepoRoot 'out/sandbox/SoData.Sandbox.dll' }
$script:LogDirectory = Join-Path $RepoRoot 'out/test-results/sandbox-logs'
Import-Module (Join-Path $RepoRoot 'tools/SandboxProcess.psm1') -Force
Import-Module $ModulePath -Force

# The sandbox's fixed, public credentials: the only ones in this repository.
$script:SandboxClientId = 'sodata-sandbox'
$script:SandboxSecretText = 'sandbox-secret'
$script:SandboxUser = 'admin@sandbox.local'
$script:SandboxPasswordText = 'sandbox'

function Start-TestSandbox([string[]] $ArgumentList = @()) {
    Start-SoDataSandbox -Path $script:SandboxDll -ArgumentList $ArgumentList -LogDirectory $script:LogDirectory
}

function New-SandboxCredential([string] $Password = $script:SandboxPasswordText) {
    [pscredential]::new($script:SandboxUser, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

function Connect-TestSandbox {
    param([Parameter(Mandatory)] $Sandbox, [switch] $PassThru, [string] $Password = $script:SandboxPasswordText, [string] $Secret = $script:SandboxSecretText)
    Connect-SoData -ApiUrl $Sandbox.Url -AuthUrl $Sandbox.Url -ClientId $script:SandboxClientId `
        -ClientSecret (ConvertTo-SecureString $Secret -AsPlainText -Force) `
        -Credential (New-SandboxCredential $Password) -PassThru:$PassThru -NoWelcome
}

# A script run in a fresh PowerShell (this one's executable) under the host zone TZ, given the module and the sandbox's
# sign-in in SYNC_* variables (what the job scripts of Sync, SyncDeviceZones and PivotDeviceZones read). Output is
# redirected; the caller adds its own variables and starts the process.
function New-SandboxJobStartInfo([string] $Script, [string] $TimeZone, $Sandbox) {
    $info = [Diagnostics.ProcessStartInfo]::new()
    $info.FileName = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $Script) { $info.ArgumentList.Add($argument) }
    $info.Environment['TZ'] = $TimeZone
    $info.Environment['SYNC_MODULE'] = $script:ModulePath
    $info.Environment['SYNC_URL'] = $Sandbox.Url
    $info.Environment['SYNC_CLIENT'] = $script:SandboxClientId
    $info.Environment['SYNC_SECRET'] = $script:SandboxSecretText
    $info.Environment['SYNC_USER'] = $script:SandboxUser
    $info.Environment['SYNC_PASSWORD'] = $script:SandboxPasswordText
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info
}

function Get-RouteCount($Sandbox, [string] $Route) {
    $stats = Get-SoDataSandboxStats $Sandbox
    $value = $stats.requests.PSObject.Properties[$Route]
    if ($value) { [int]$value.Value } else { 0 }
}

function Get-GrantCount($Sandbox, [string] $Grant) {
    $stats = Get-SoDataSandboxStats $Sandbox
    $value = $stats.grants.PSObject.Properties[$Grant]
    if ($value) { [int]$value.Value } else { 0 }
}

# Tab completion answers within about a second and reads on in the background, so on a busy machine the first Tab
# may offer nothing yet: ask again, as a person would, until there is an answer (or a minute has passed).
function Complete-Eventually([string] $Line) {
    $deadline = [DateTime]::UtcNow.AddMinutes(1)
    do {
        $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
        if ($found.Count -gt 0) { return $found }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
}
