using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Security;

namespace SoData.Cmdlets.Tests.Support;

/// <summary>What one command or script did: its output, its non-terminating errors, and the error that ended it, if any.</summary>
public sealed record Outcome(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, ErrorRecord? Terminating)
{
    /// <summary>The one non-terminating error; fails with what was written instead when there is not exactly one.</summary>
    public ErrorRecord SingleError()
    {
        if (Terminating is not null) throw new Xunit.Sdk.XunitException($"Expected one non-terminating error, but the command ended with: {Describe(Terminating)}");
        if (Errors.Count != 1) throw new Xunit.Sdk.XunitException($"Expected one non-terminating error, got {Errors.Count}: {string.Join(" | ", Errors.Select(Describe))}");
        return Errors[0];
    }

    /// <summary>The error that ended the command; fails when it ended normally.</summary>
    public ErrorRecord TerminatingError() =>
        Terminating ?? throw new Xunit.Sdk.XunitException($"Expected a terminating error; the command wrote {Output.Count} object(s) and {Errors.Count} error(s): {string.Join(" | ", Errors.Select(Describe))}");

    public static string Describe(ErrorRecord record) => $"{record.FullyQualifiedErrorId} [{record.CategoryInfo.Category}] {record}";
}

/// <summary>
/// One runspace of the in-process PowerShell, for one test. Commands run on it one at a time, like lines typed at a
/// prompt; a command's terminating error is returned in its <see cref="Outcome"/>, not thrown.
/// </summary>
public sealed class Shell : IDisposable
{
    private readonly Runspace _runspace;

    internal Shell(InitialSessionState state)
    {
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>Runs one command with the given parameters (values as they are: no parsing, no conversion by a script).</summary>
    public Outcome Invoke(string command, IDictionary? parameters = null, IEnumerable? input = null)
    {
        using PowerShell ps = PowerShell.Create(_runspace);
        ps.AddCommand(command);
        if (parameters is not null) ps.AddParameters(parameters);
        return Collect(ps, input);
    }

    /// <summary>
    /// Runs a script, at the global scope like lines typed at a prompt; <paramref name="variables"/> are set first. An
    /// error that ends the script or one of its statements is the outcome's <see cref="Outcome.Terminating"/>, as
    /// try/catch sees it; the others are its <see cref="Outcome.Errors"/>.
    /// </summary>
    public Outcome Run(string script, IDictionary<string, object?>? variables = null)
    {
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(name, value);
        _runspace.SessionStateProxy.SetVariable(TerminatingVariable, null);
        using PowerShell ps = PowerShell.Create(_runspace);
        ps.AddScript($"try {{\n{script}\n}}\ncatch {{ ${TerminatingVariable} = $_ }}");
        Outcome outcome = Collect(ps, null);
        return _runspace.SessionStateProxy.GetVariable(TerminatingVariable) is ErrorRecord caught ? outcome with { Terminating = caught } : outcome;
    }

    private const string TerminatingVariable = "SoDataTestTerminatingError";

    /// <summary>Runs a script that must succeed without errors, and returns its output.</summary>
    public Collection<PSObject> Get(string script, IDictionary<string, object?>? variables = null)
    {
        Outcome outcome = Run(script, variables);
        if (outcome.Terminating is not null || outcome.Errors.Count > 0)
            throw new InvalidOperationException($"'{script}' failed: {string.Join(" | ", outcome.Errors.Append(outcome.Terminating).OfType<ErrorRecord>().Select(Outcome.Describe))}");
        return outcome.Output;
    }

    /// <summary>What tab completion offers for <paramref name="line"/> with the cursor at its end (TabExpansion2's engine).</summary>
    public CommandCompletion Complete(string line)
    {
        using PowerShell ps = PowerShell.Create(_runspace);
        return CommandCompletion.CompleteInput(line, line.Length, null, ps);
    }

    /// <summary>
    /// The text the objects of <paramref name="script"/> show in a console <paramref name="width"/> columns wide
    /// (their default view, through Out-String -Width), for tests of the format views.
    /// </summary>
    public string Render(string script, int width, IDictionary<string, object?>? variables = null) =>
        string.Concat(Get($"& {{ {script} }} | Out-String -Width {width}", variables).Select(o => o.BaseObject as string));

    public static SecureString Secure(string text) => new NetworkCredential(string.Empty, text).SecurePassword;

    private static Outcome Collect(PowerShell ps, IEnumerable? input)
    {
        // Output written before a terminating error is kept, as a console would have shown it.
        var output = new Collection<PSObject>();
        ErrorRecord? terminating = null;
        try
        {
            ps.Invoke(input, output);
        }
        catch (RuntimeException ex)
        {
            terminating = ex.ErrorRecord;
        }
        return new Outcome(output, ps.Streams.Error.ToList(), terminating);
    }

    public void Dispose() => _runspace.Dispose();
}
