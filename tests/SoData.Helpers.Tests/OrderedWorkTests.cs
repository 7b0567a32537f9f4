using System.Collections.Concurrent;
using System.Management.Automation;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="OrderedWork"/> on its own: results in input order whatever order the work finishes in, at most the
/// limit in flight, and the three failure policies (one that every later request would meet ends the command under
/// any). The work is the test's own: tasks it completes when it chooses, with the API's exceptions.
/// </summary>
public sealed class OrderedWorkTests
{
    private static TaskCompletionSource<int> Pending() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static SoDataApiException NotFound(string path) => new("GET", path, 404, "Not found", $"GET {path}: 404 Not found");

    private static (TestCmdlet Cmdlet, OrderedWork Work) Queue(int limit, WorkFailure policy)
    {
        var cmdlet = new TestCmdlet(new RecordingRuntime());
        return (cmdlet, new OrderedWork(cmdlet, new AsyncRunner(cmdlet), limit, policy));
    }

    [Fact]
    public void Results_are_written_in_input_order_though_later_work_finished_first()
    {
        var (cmdlet, work) = Queue(limit: 3, WorkFailure.PerInput);
        TaskCompletionSource<int>[] results = [Pending(), Pending(), Pending()];
        for (int i = 0; i < 3; i++)
        {
            TaskCompletionSource<int> result = results[i];
            work.Add(i, _ => result.Task, n => cmdlet.WriteObject(n));
        }

        results[2].SetResult(3);
        results[1].SetResult(2);
        work.CompleteReady(); // the first is still running: nothing may be written yet
        Assert.Empty(cmdlet.Recorded.Output);

        results[0].SetResult(1);
        work.CompleteAll();
        Assert.Equal([1, 2, 3], cmdlet.Recorded.Output.Cast<int>());
    }

    [Fact]
    public void No_more_than_the_limit_runs_at_once_the_oldest_result_is_written_to_make_room()
    {
        var (cmdlet, work) = Queue(limit: 2, WorkFailure.PerInput);
        var started = new ConcurrentQueue<int>();
        using var twoStarted = new CountdownEvent(2);
        TaskCompletionSource<int>[] results = [Pending(), Pending(), Pending()];
        Func<CancellationToken, Task<int>> Piece(int i) => _ =>
        {
            started.Enqueue(i);
            if (i < 2) twoStarted.Signal();
            return results[i].Task;
        };
        // The first finishes only once both first pieces run: the third must wait for it.
        _ = Task.Run(() =>
        {
            twoStarted.Wait();
            results[0].SetResult(10);
        });

        work.Add(0, Piece(0), n => cmdlet.WriteObject(n));
        work.Add(1, Piece(1), n => cmdlet.WriteObject(n));
        work.Add(2, Piece(2), n => cmdlet.WriteObject(n));

        // Adding the third wrote the first (to make room) and left the second running.
        Assert.Equal([10], cmdlet.Recorded.Output.Cast<int>());
        results[1].SetResult(11);
        results[2].SetResult(12);
        work.CompleteAll();
        Assert.Equal([10, 11, 12], cmdlet.Recorded.Output.Cast<int>());
        Assert.Equal(3, started.Count);
    }

    [Fact]
    public void PerInput_a_failure_is_that_inputs_error_and_the_others_are_written()
    {
        var (cmdlet, work) = Queue(limit: 4, WorkFailure.PerInput);
        var failed = new List<string>();

        work.Add("a", _ => Task.FromResult("A"), cmdlet.WriteObject, failed: () => failed.Add("a"));
        work.Add("b", _ => Task.FromException<string>(NotFound("api/v1/ca/x/devices/b/variables")), cmdlet.WriteObject, failed: () => failed.Add("b"));
        work.Add("c", _ => Task.FromResult("C"), cmdlet.WriteObject, failed: () => failed.Add("c"));
        work.CompleteAll();

        Assert.Equal(["A", "C"], cmdlet.Recorded.Output);
        ErrorRecord error = Assert.Single(cmdlet.Recorded.Errors);
        Assert.Equal("b", error.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(["b"], failed);
    }

    [Fact]
    public void SkipBatch_a_failure_drops_the_rest_of_its_batch_and_other_batches_go_on()
    {
        var (cmdlet, work) = Queue(limit: 8, WorkFailure.SkipBatch);
        int startedAfterFailure = 0;

        work.Add("a1", _ => Task.FromException<string>(NotFound("a1")), cmdlet.WriteObject, batch: "A");
        work.Add("a2", _ => Task.FromResult("A2"), cmdlet.WriteObject, batch: "A");
        work.Add("b1", _ => Task.FromResult("B1"), cmdlet.WriteObject, batch: "B");
        work.CompleteAll();
        work.Add("a3", _ =>
        {
            startedAfterFailure++;
            return Task.FromResult("A3");
        }, cmdlet.WriteObject, batch: "A");
        work.Add("b2", _ => Task.FromResult("B2"), cmdlet.WriteObject, batch: "B");
        work.CompleteAll();

        Assert.Equal(["B1", "B2"], cmdlet.Recorded.Output);
        Assert.Equal("a1", Assert.Single(cmdlet.Recorded.Errors).TargetObject);
        Assert.Equal(0, startedAfterFailure); // work of a failed batch is not even started
    }

    [Fact]
    public void Abort_a_failure_ends_the_command_and_nothing_after_it_is_written()
    {
        var (cmdlet, work) = Queue(limit: 8, WorkFailure.Abort);

        work.Add("one", _ => Task.FromResult("ONE"), cmdlet.WriteObject);
        work.Add("two", _ => Task.FromException<string>(NotFound("two")), cmdlet.WriteObject);
        work.Add("three", _ => Task.FromResult("THREE"), cmdlet.WriteObject);

        var ended = Assert.Throws<CommandTerminatedException>(work.CompleteAll);
        Assert.Equal("two", ended.ErrorRecord.TargetObject);
        Assert.Equal(["ONE"], cmdlet.Recorded.Output);
        Assert.Empty(cmdlet.Recorded.Errors);
        work.CompleteAll(); // nothing is left in flight
        Assert.Equal(["ONE"], cmdlet.Recorded.Output);
    }

    [Fact]
    public void Refused_credentials_end_the_command_even_when_failures_are_per_input()
    {
        var (cmdlet, work) = Queue(limit: 8, WorkFailure.PerInput);

        work.Add("one", _ => Task.FromException<string>(new SoDataAuthenticationException("invalid_grant", "invalid_grant", statusCode: 400)), cmdlet.WriteObject);
        work.Add("two", _ => Task.FromResult("TWO"), cmdlet.WriteObject);

        var ended = Assert.Throws<CommandTerminatedException>(work.CompleteAll);
        Assert.Equal(ErrorCategory.AuthenticationError, ended.ErrorRecord.CategoryInfo.Category);
        Assert.Empty(cmdlet.Recorded.Output);
    }

    [Fact]
    public void A_failure_can_be_told_in_the_callers_words_and_each_result_is_announced_before_it_is_awaited()
    {
        var (cmdlet, work) = Queue(limit: 8, WorkFailure.PerInput);
        var events = new List<string>();

        work.Add("x", _ => Task.FromResult("X"), r => events.Add("write " + r), completing: () => events.Add("completing x"));
        work.Add("y", _ => Task.FromException<string>(NotFound("y")), r => events.Add("write " + r), completing: () => events.Add("completing y"),
            toError: ex => new ErrorRecord(ex, "SeriesNotRead", ErrorCategory.ReadError, "series y"));
        work.CompleteAll();

        Assert.Equal(["completing x", "write X", "completing y"], events);
        ErrorRecord error = Assert.Single(cmdlet.Recorded.Errors);
        Assert.Equal("SeriesNotRead", error.FullyQualifiedErrorId);
        Assert.Equal("series y", error.TargetObject);
    }

    [Fact]
    public void A_bug_in_the_work_is_not_dressed_as_an_API_error()
    {
        var (cmdlet, work) = Queue(limit: 8, WorkFailure.PerInput);
        work.Add("x", _ => Task.FromException<string>(new InvalidOperationException("bug")), cmdlet.WriteObject);

        Assert.Equal("bug", Assert.Throws<InvalidOperationException>(work.CompleteAll).Message);
        Assert.Empty(cmdlet.Recorded.Errors);
    }
}
