using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SoData.Tests.Support;

namespace SoData.Helpers.Tests.Support;

/// <summary>
/// An in-process runspace with the module's type data (src/SoData/Formats/SoData.Types.ps1xml) and the given test
/// cmdlets, for the helpers that need PowerShell's own machinery: an adapter PSObject applies, or a SessionState.
/// </summary>
public sealed class TestRunspace : IDisposable
{
    private readonly Runspace _runspace;

    public TestRunspace(params (string Name, Type Cmdlet)[] cmdlets)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.Types.Add(new SessionStateTypeEntry(Path.Combine(SandboxServer.RepoRoot(), "src", "SoData", "Formats", "SoData.Types.ps1xml")));
        foreach (var (name, type) in cmdlets) state.Commands.Add(new SessionStateCmdletEntry(name, type, null));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> as $args; a terminating error throws.</summary>
    public (List<PSObject> Output, List<ErrorRecord> Errors) Run(string script, params object?[] arguments)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (object? argument in arguments) shell.AddArgument(argument);
        var output = shell.Invoke().ToList();
        return (output, shell.Streams.Error.ToList());
    }

    public void Dispose() => _runspace.Dispose();
}
