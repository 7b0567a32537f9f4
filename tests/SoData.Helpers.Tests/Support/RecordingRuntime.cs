using System.Management.Automation;
using System.Management.Automation.Host;

namespace SoData.Helpers.Tests.Support;

/// <summary>
/// PowerShell's command runtime, recorded: what a helper writes through the cmdlet it was given (objects, errors,
/// verbose, warnings, progress) lands in these lists instead of a pipeline. ThrowTerminatingError throws
/// <see cref="CommandTerminatedException"/>, as a real runtime ends the command.
/// </summary>
public sealed class RecordingRuntime : ICommandRuntime
{
    public List<object?> Output { get; } = [];
    public List<ErrorRecord> Errors { get; } = [];
    public List<string> Verbose { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<ProgressRecord> Progress { get; } = [];

    /// <summary>What ShouldProcess answers (true: as without -WhatIf).</summary>
    public bool ShouldProcessAnswer { get; set; } = true;

    public PSHost? Host => null;
    public PSTransactionContext CurrentPSTransaction => throw new NotSupportedException();

    public void WriteObject(object? sendToPipeline) => Output.Add(sendToPipeline);

    public void WriteObject(object? sendToPipeline, bool enumerateCollection)
    {
        if (enumerateCollection && LanguagePrimitives.GetEnumerable(sendToPipeline) is { } items)
            foreach (object? item in items) Output.Add(item);
        else Output.Add(sendToPipeline);
    }

    public void WriteError(ErrorRecord errorRecord) => Errors.Add(errorRecord);
    public void WriteVerbose(string text) => Verbose.Add(text);
    public void WriteWarning(string text) => Warnings.Add(text);
    public void WriteDebug(string text) { }
    public void WriteCommandDetail(string text) { }
    public void WriteProgress(ProgressRecord progressRecord) => Progress.Add(progressRecord);
    public void WriteProgress(long sourceId, ProgressRecord progressRecord) => Progress.Add(progressRecord);

    public bool ShouldProcess(string? target) => ShouldProcessAnswer;
    public bool ShouldProcess(string? target, string? action) => ShouldProcessAnswer;
    public bool ShouldProcess(string? verboseDescription, string? verboseWarning, string? caption) => ShouldProcessAnswer;

    public bool ShouldProcess(string? verboseDescription, string? verboseWarning, string? caption, out ShouldProcessReason shouldProcessReason)
    {
        shouldProcessReason = ShouldProcessReason.None;
        return ShouldProcessAnswer;
    }

    public bool ShouldContinue(string? query, string? caption) => true;
    public bool ShouldContinue(string? query, string? caption, ref bool yesToAll, ref bool noToAll) => true;
    public bool TransactionAvailable() => false;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void ThrowTerminatingError(ErrorRecord errorRecord) => throw new CommandTerminatedException(errorRecord);
}

/// <summary>The command ended with <see cref="ErrorRecord"/>, as ThrowTerminatingError ends a real one.</summary>
public sealed class CommandTerminatedException(ErrorRecord record) : Exception(record.Exception?.Message ?? record.ToString())
{
    public ErrorRecord ErrorRecord { get; } = record;
}

/// <summary>A cmdlet with nothing of its own: the PSCmdlet surface a helper is given, writing to a <see cref="RecordingRuntime"/>.</summary>
public sealed class TestCmdlet : PSCmdlet
{
    public TestCmdlet(RecordingRuntime runtime) => CommandRuntime = runtime;

    public RecordingRuntime Recorded => (RecordingRuntime)CommandRuntime;
}
