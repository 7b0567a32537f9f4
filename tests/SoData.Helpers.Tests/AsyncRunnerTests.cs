using System.Management.Automation;
using System.Management.Automation.Host;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using SoData.Net;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="AsyncRunner"/> on its own: work runs on the thread pool, and what it says (verbose lines, retry status)
/// is written by the thread that waits, the only one PowerShell lets write; Cancel stops the pipeline.
/// </summary>
public sealed class AsyncRunnerTests(DefaultSandbox fixture) : IClassFixture<DefaultSandbox>
{
    /// <summary>A <see cref="RecordingRuntime"/> that also notes which thread wrote each verbose line and progress record.</summary>
    private sealed class ThreadNotingRuntime : ICommandRuntime
    {
        private readonly RecordingRuntime _inner = new();

        public List<(int Thread, string Text)> Verbose { get; } = [];
        public List<(int Thread, ProgressRecord Record)> Progress { get; } = [];

        public PSHost? Host => null;
        public PSTransactionContext CurrentPSTransaction => throw new NotSupportedException();
        public void WriteVerbose(string text) => Verbose.Add((Environment.CurrentManagedThreadId, text));
        public void WriteProgress(ProgressRecord progressRecord) => Progress.Add((Environment.CurrentManagedThreadId, progressRecord));
        public void WriteProgress(long sourceId, ProgressRecord progressRecord) => WriteProgress(progressRecord);
        public void WriteObject(object? sendToPipeline) => _inner.WriteObject(sendToPipeline);
        public void WriteObject(object? sendToPipeline, bool enumerateCollection) => _inner.WriteObject(sendToPipeline, enumerateCollection);
        public void WriteError(ErrorRecord errorRecord) => _inner.WriteError(errorRecord);
        public void WriteWarning(string text) => _inner.WriteWarning(text);
        public void WriteDebug(string text) => _inner.WriteDebug(text);
        public void WriteCommandDetail(string text) => _inner.WriteCommandDetail(text);
        public bool ShouldProcess(string? target) => true;
        public bool ShouldProcess(string? target, string? action) => true;
        public bool ShouldProcess(string? verboseDescription, string? verboseWarning, string? caption) => true;
        public bool ShouldProcess(string? verboseDescription, string? verboseWarning, string? caption, out ShouldProcessReason shouldProcessReason) =>
            _inner.ShouldProcess(verboseDescription, verboseWarning, caption, out shouldProcessReason);
        public bool ShouldContinue(string? query, string? caption) => true;
        public bool ShouldContinue(string? query, string? caption, ref bool yesToAll, ref bool noToAll) => true;
        public bool TransactionAvailable() => false;
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public void ThrowTerminatingError(ErrorRecord errorRecord) => _inner.ThrowTerminatingError(errorRecord);
    }

    private sealed class NotingCmdlet : PSCmdlet
    {
        public NotingCmdlet() => CommandRuntime = Runtime;

        public ThreadNotingRuntime Runtime { get; } = new();
    }

    [Fact]
    public void Verbose_lines_said_on_worker_threads_are_written_in_order_by_the_waiting_thread_before_the_result()
    {
        var cmdlet = new NotingCmdlet();
        var runner = new AsyncRunner(cmdlet);
        int caller = Environment.CurrentManagedThreadId;

        int worker = runner.Await(async _ =>
        {
            Diagnostics.Verbose("one");
            await Task.Yield();
            Diagnostics.Verbose("two");
            return Environment.CurrentManagedThreadId;
        });

        Assert.NotEqual(caller, worker);
        Assert.Equal([(caller, "one"), (caller, "two")], cmdlet.Runtime.Verbose);
    }

    [Fact]
    public void The_clients_own_verbose_lines_of_a_real_request_reach_the_command()
    {
        var cmdlet = new NotingCmdlet();
        var runner = new AsyncRunner(cmdlet);
        int caller = Environment.CurrentManagedThreadId;

        Page<CorporateAccount> page = runner.Await(token => fixture.Sandbox.Client.ListCorporateAccountsAsync(0, 10, token));

        Assert.Equal(2, page.Results.Count);
        Assert.Contains(cmdlet.Runtime.Verbose, line => line.Text.Contains("api/v1/ca", StringComparison.Ordinal));
        Assert.All(cmdlet.Runtime.Verbose, line => Assert.Equal(caller, line.Thread));
    }

    [Fact]
    public void A_request_being_retried_shows_as_a_progress_line_that_is_closed_when_the_wait_ends()
    {
        var cmdlet = new NotingCmdlet();
        var runner = new AsyncRunner(cmdlet);

        runner.Await(_ =>
        {
            Diagnostics.Status("GET api/v1/ca: attempt 2 of 5");
            return Task.FromResult(0);
        });

        Assert.Equal(2, cmdlet.Runtime.Progress.Count);
        Assert.Equal("GET api/v1/ca: attempt 2 of 5", cmdlet.Runtime.Progress[0].Record.StatusDescription);
        Assert.Equal(ProgressRecordType.Processing, cmdlet.Runtime.Progress[0].Record.RecordType);
        Assert.Equal(ProgressRecordType.Completed, cmdlet.Runtime.Progress[1].Record.RecordType);
        Assert.Equal(cmdlet.Runtime.Progress[0].Record.ActivityId, cmdlet.Runtime.Progress[1].Record.ActivityId);
    }

    [Fact]
    public void Nothing_said_outside_the_runners_work_reaches_the_command()
    {
        var cmdlet = new NotingCmdlet();
        var runner = new AsyncRunner(cmdlet);
        runner.Await(_ => Task.FromResult(0));
        Diagnostics.Verbose("said on the caller's thread after the work was started"); // the sink must not stay behind
        runner.Await(_ => Task.FromResult(0));
        Assert.Empty(cmdlet.Runtime.Verbose);
    }

    [Fact]
    public void Cancel_while_waiting_cancels_the_work_and_stops_the_pipeline()
    {
        var runner = new AsyncRunner(new NotingCmdlet());
        using var started = new ManualResetEventSlim();
        CancellationToken seen = default;
        _ = Task.Run(() =>
        {
            started.Wait();
            runner.Cancel(); // as StopProcessing does, from another thread
        });

        Assert.Throws<PipelineStoppedException>(() => runner.Await(async token =>
        {
            seen = token;
            started.Set();
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }));
        Assert.True(seen.IsCancellationRequested);
    }

    [Fact]
    public void After_Cancel_new_work_stops_at_once()
    {
        var runner = new AsyncRunner(new NotingCmdlet());
        runner.Cancel();
        Assert.Throws<PipelineStoppedException>(() => runner.Await(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }));
    }

    [Fact]
    public void A_cancellation_that_is_not_the_commands_own_stays_what_it_is()
    {
        var runner = new AsyncRunner(new NotingCmdlet());
        using var timeout = new CancellationTokenSource();
        timeout.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Await(async _ =>
        {
            await Task.Delay(Timeout.Infinite, timeout.Token); // e.g. the client's own timeout
            return 0;
        }));
    }

    [Fact]
    public void An_API_failure_comes_out_as_itself_not_wrapped()
    {
        var runner = new AsyncRunner(new NotingCmdlet());
        var failure = Assert.Throws<SoDataApiException>(() => runner.Await(token =>
            fixture.Sandbox.Client.ListCustomersAsync("00000000-0000-0000-0000-000000000000", 0, 10, token)));
        Assert.Equal(404, failure.StatusCode);
    }

    [Fact]
    public void Work_started_carries_the_commands_gate()
    {
        var runner = new AsyncRunner(new NotingCmdlet());
        using CommandGate gate = fixture.Sandbox.Client.Throttle.Join(3);
        runner.Gate = gate;
        Assert.Same(gate, runner.Await(_ => Task.FromResult(CommandGate.Current)));
        Assert.Null(CommandGate.Current); // not left on the caller's thread
    }
}
