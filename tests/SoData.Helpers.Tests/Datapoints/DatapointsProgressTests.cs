using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>The progress of a datapoints command: a bar for the command, one for the batch under it; nothing for a single request.</summary>
public sealed class DatapointsProgressTests
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    private static DatapointsChunk Chunk(int window, int windows) => new("ca", [new DatapointsSeries("ca", "d", SeriesRef.Parse("Global|0|140100"))],
        new DateTimeOffset(2024, 5, window, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, window + 1, 0, 0, 0, TimeSpan.Zero), 1, 1, window, windows);

    [Fact]
    public void A_single_request_shows_no_bar_and_nothing_is_taken_down()
    {
        var progress = new DatapointsProgress(_cmdlet, "Get-SoDataDatapoint");
        progress.Write(Chunk(1, 1), 1, 1, 0, 1, "Reading datapoints");
        progress.Complete();
        Assert.Empty(_cmdlet.Recorded.Progress);
    }

    [Fact]
    public void The_commands_bar_is_named_after_it_with_the_share_done_and_the_batch_bar_says_its_window()
    {
        var progress = new DatapointsProgress(_cmdlet, "Export-SoDataDatapoint");

        progress.Write(Chunk(2, 4), batch: 3, batches: 5, done: 1, planned: 4, "12 rows written to x.csv");

        ProgressRecord command = _cmdlet.Recorded.Progress[0];
        ProgressRecord batch = _cmdlet.Recorded.Progress[1];
        Assert.Equal(("Export-SoDataDatapoint", "12 rows written to x.csv", 25, "Request 2 of 4"), (command.Activity, command.StatusDescription, command.PercentComplete, command.CurrentOperation));
        Assert.Equal("Batch 3 of 5 (1 series)", batch.Activity);
        Assert.StartsWith("Window 2 of 4: 2024-05-02 00:00 to 2024-05-03 00:00", batch.StatusDescription);
        Assert.Equal(command.ActivityId, batch.ParentActivityId);
        Assert.Equal(25, batch.PercentComplete);

        progress.Complete();
        Assert.Equal(4, _cmdlet.Recorded.Progress.Count);
        Assert.All(_cmdlet.Recorded.Progress.Skip(2), p => Assert.Equal(ProgressRecordType.Completed, p.RecordType));
        Assert.Equal("Export-SoDataDatapoint", _cmdlet.Recorded.Progress[3].Activity);
    }
}
