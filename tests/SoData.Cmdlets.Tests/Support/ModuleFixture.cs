using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests.Support;

/// <summary>Every test class of this project shares one <see cref="ModuleFixture"/>: one sandbox, one session state.</summary>
[CollectionDefinition(Name)]
public sealed class ModuleCollection : ICollectionFixture<ModuleFixture>
{
    public const string Name = "SoData module in process";
}

/// <summary>
/// Hosts PowerShell in this process (Microsoft.PowerShell.SDK) with the built module from out/SoData imported into an
/// InitialSessionState, and runs one sandbox on a free loopback port. Each test opens its own <see cref="Shell"/>: a
/// fresh runspace, signed in to the sandbox with Connect-SoData as a user would be.
/// </summary>
public sealed class ModuleFixture : IDisposable
{
    private readonly InitialSessionState _state;

    public ModuleFixture()
    {
        // The sandbox starts while PowerShell warms up; both take a while on a busy machine.
        Task<SandboxServer> sandbox = Task.Run(() => SandboxServer.Start());
        try
        {
            ModulePath = FindModule();
            _state = InitialSessionState.CreateDefault();
            _state.ImportPSModule(ModulePath);
            _state.ThrowOnRunspaceOpenError = true;
            if (OperatingSystem.IsWindows()) _state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            // The first runspace pays for loading the module and PowerShell's own assemblies; fail here, once, if it cannot.
            using (var warmUp = new Shell(_state)) warmUp.Run("Get-Command -Module SoData");
        }
        catch
        {
            // No Dispose follows a failed constructor: stop the sandbox here rather than leave its process behind.
            try { sandbox.GetAwaiter().GetResult().Dispose(); } catch { /* it failed to start: nothing to stop */ }
            throw;
        }
        Sandbox = sandbox.GetAwaiter().GetResult();
    }

    public SandboxServer Sandbox { get; }

    /// <summary>The SoData.psd1 imported: SODATA_MODULE_PATH (as for Pester), else out/SoData of this repository.</summary>
    public string ModulePath { get; }

    /// <summary>A fresh runspace with the module imported and Connect-SoData run against the sandbox.</summary>
    public Shell Connected()
    {
        var shell = new Shell(_state);
        try
        {
            shell.Invoke("Connect-SoData", ConnectArguments());
            return shell;
        }
        catch
        {
            shell.Dispose();
            throw;
        }
    }

    /// <summary>A fresh runspace with the module imported and no session.</summary>
    public Shell NotConnected() => new(_state);

    /// <summary>The parameters of Connect-SoData for the sandbox's fixed, public credentials (the only ones in this repository).</summary>
    public Dictionary<string, object?> ConnectArguments(string password = SandboxServer.Password, string secret = SandboxServer.ClientSecret) => new()
    {
        ["ApiUrl"] = Sandbox.BaseUri,
        ["AuthUrl"] = Sandbox.BaseUri,
        ["ClientId"] = SandboxServer.ClientId,
        ["ClientSecret"] = Shell.Secure(secret),
        ["Credential"] = new PSCredential(SandboxServer.Username, Shell.Secure(password)),
    };

    private static string FindModule()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("SODATA_MODULE_PATH");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv)
                : throw new FileNotFoundException($"SODATA_MODULE_PATH points to '{fromEnv}', which does not exist.");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "SoData.sln"))) continue;
            string built = Path.Combine(dir.FullName, "out", "SoData", "SoData.psd1");
            return File.Exists(built) ? built
                : throw new FileNotFoundException($"{built} does not exist: run ./build.ps1 Build first, or set SODATA_MODULE_PATH.");
        }
        throw new DirectoryNotFoundException($"No SoData.sln above {AppContext.BaseDirectory}; set SODATA_MODULE_PATH.");
    }

    public void Dispose() => Sandbox.Dispose();
}
