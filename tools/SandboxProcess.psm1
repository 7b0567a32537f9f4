# Starts and stops the SoData sandbox as a background process, for the Demo task and the Pester tests.
# Output goes to log files rather than pipes, so the child can never block on a full pipe nobody reads.

function Start-SoDataSandbox {
    [CmdletBinding()]
    param(
        # SoData.Sandbox.dll, as built by ./build.ps1 Build (out/sandbox).
        [Parameter(Mandatory)] [string] $Path,
        # Extra sandbox options, e.g. '--max-take', '7'.
        [string[]] $ArgumentList = @(),
        [int] $Port = 0,
        [string] $LogDirectory = [IO.Path]::GetTempPath(),
        [int] $TimeoutSec = 60
    )
    if (-not (Test-Path -LiteralPath $Path)) { throw "The sandbox is not built: '$Path' does not exist. Run ./build.ps1 Build first." }
    $null = New-Item -ItemType Directory -Force -Path $LogDirectory
    $stamp = '{0}-{1}' -f [DateTime]::UtcNow.ToString('HHmmssfff'), [Guid]::NewGuid().ToString('N').Substring(0, 6)
    $stdout = Join-Path $LogDirectory "sandbox-$stamp.out.log"
    $stderr = Join-Path $LogDirectory "sandbox-$stamp.err.log"
    $arguments = @($Path, '--port', $Port) + $ArgumentList
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -RedirectStandardOutput $stdout -RedirectStandardError $stderr -PassThru -NoNewWindow

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) {
        $ready = Select-String -LiteralPath $stdout -Pattern 'SoData sandbox listening on (\S+)' -ErrorAction Ignore | Select-Object -First 1
        if ($ready) {
            $url = $ready.Matches[0].Groups[1].Value
            Write-Verbose "SoData sandbox (process $($process.Id)) listening on $url"
            return [pscustomobject]@{
                PSTypeName = 'SoData.SandboxProcess'
                Url        = $url
                Process    = $process
                StdOut     = $stdout
                StdErr     = $stderr
            }
        }
        if ($process.HasExited) {
            $errors = Get-Content -LiteralPath $stderr -Raw -ErrorAction Ignore
            throw "The sandbox exited with code $($process.ExitCode) before it was ready. $errors"
        }
        Start-Sleep -Milliseconds 100
    }
    Stop-Process -Id $process.Id -Force -ErrorAction Ignore
    throw "The sandbox did not print its ready line within $TimeoutSec s; see $stdout and $stderr."
}

function Stop-SoDataSandbox {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Sandbox)
    process {
        if ($null -eq $Sandbox -or $null -eq $Sandbox.Process) { return }
        if (-not $Sandbox.Process.HasExited) {
            $Sandbox.Process.Kill($true)
            $null = $Sandbox.Process.WaitForExit(10000)
        }
    }
}

# Request counts per route from the sandbox's test endpoint.
function Get-SoDataSandboxStats {
    param([Parameter(Mandatory)] $Sandbox)
    Invoke-RestMethod -Uri ($Sandbox.Url + '_sandbox/stats')
}

function Reset-SoDataSandboxStats {
    param([Parameter(Mandatory)] $Sandbox)
    $null = Invoke-RestMethod -Method Delete -Uri ($Sandbox.Url + '_sandbox/stats')
}

Export-ModuleMember -Function Start-SoDataSandbox, Stop-SoDataSandbox, Get-SoDataSandboxStats, Reset-SoDataSandboxStats
