using System.Management.Automation;
using SoData.Archive;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>
/// One run of Sync-SoDataDatapoint built on its own (no runspace): a run of the datapoints flow on the sandbox, an
/// archive folder of CSV partitions, the state written last.
/// </summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class DatapointsSyncTests(DatapointsSandbox sandbox) : IDisposable
{
    private static readonly DateTime May1 = new(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-sync-").FullName;
    private readonly ArchiveSettings _settings = new() { Granularity = Granularity.Raw, TimeZone = "UTC", Partition = ArchivePartition.Month, Format = "Csv" };

    public void Dispose() => Directory.Delete(_folder, true);

    /// <summary>A sync of <paramref name="series"/> on the Delphys up to <paramref name="to"/>, as the cmdlet builds it.</summary>
    private (DatapointsSync Sync, DatapointsRun Run) NewSync(DateTime to, params string[] series)
    {
        DatapointsSync? sync = null;
        var parameters = new TestDatapointsParameters { From = May1, To = to };
        var run = new DatapointsRun(_cmdlet, new AsyncRunner(_cmdlet), new PipedInput(_cmdlet), "Sync-SoDataDatapoint", parameters,
            (fromObject, _) => fromObject ?? sandbox.Ca, uuid => uuid, (chunk, points) => sync!.Take(points),
            new DatapointsRunOptions { HoldSeriesUntilEnd = true, Failure = WorkFailure.Abort, Status = () => sync?.Status ?? "Syncing" });
        run.CheckRange(TestDatapointsParameters.FromTo);
        run.Start(sandbox.Session, 4);
        run.Add(null, null, sandbox.Delphys.Uuid, sandbox.Delphys.Name, series);
        sync = new DatapointsSync(_cmdlet, run, new ArchiveFolder(_folder, TimeZoneInfo.Utc, null), _settings, TimeZoneInfo.Utc);
        return (sync, run);
    }

    private static DateTimeOffset Utc(DateTime time) => new(time, TimeSpan.Zero);

    [Fact]
    public void A_first_sync_writes_the_partitions_then_the_state_with_a_bookmark_per_series_and_reports_a_series_that_does_not_exist()
    {
        (DatapointsSync sync, _) = NewSync(May1.AddDays(2), DatapointsSandbox.LoadRate, "Global|0|999999");

        List<DatapointSyncResult> results = sync.Run(Utc(May1), Utc(May1.AddDays(2)), TimeSpan.FromDays(1));

        DatapointSyncResult synced = Assert.Single(results);
        Assert.Equal((DatapointsSandbox.LoadRate, 2 * 288L, 0L), (synced.StreamRef, synced.Added, synced.Late));
        Assert.Equal(Utc(May1.AddDays(2)), synced.Bookmark);
        Assert.Equal(Utc(May1), synced.FirstNew);
        Assert.Equal("VariableNotFound", Assert.Single(_cmdlet.Recorded.Errors).FullyQualifiedErrorId);
        Assert.True(File.Exists(Path.Combine(_folder, "2024-05.csv")));
        ArchiveState state = DatapointsSync.ReadState(_cmdlet, Path.Combine(_folder, ArchiveState.FileName));
        ArchiveSeriesState kept = Assert.Single(state.Series.Values);
        Assert.Equal((DatapointsSandbox.LoadRate, Utc(May1.AddDays(2))), (kept.StreamRef, kept.Bookmark));
    }

    [Fact]
    public async Task The_next_run_reads_from_each_bookmark_minus_the_lookback_and_counts_only_what_is_new()
    {
        NewSync(May1.AddDays(1), DatapointsSandbox.LoadRate).Sync.Run(Utc(May1), Utc(May1.AddDays(1)), TimeSpan.Zero);
        await sandbox.ResetStatsAsync();

        (DatapointsSync sync, _) = NewSync(May1.AddDays(2), DatapointsSandbox.LoadRate);
        DatapointSyncResult result = Assert.Single(sync.Run(null, Utc(May1.AddDays(2)), TimeSpan.FromHours(6)));

        // Six hours read again (the same points: nothing added there), then a new day.
        Assert.Equal((288L, 0L), (result.Added, result.Late));
        Assert.Equal(Utc(May1.AddDays(1)), result.FirstNew);
        Assert.Contains(_cmdlet.Recorded.Verbose, v => v.Contains("minus -Lookback 06:00:00", StringComparison.Ordinal));
        Assert.Equal(2, await sandbox.DatapointsRequestsAsync()); // May 1st 18:00 to May 3rd: a raw window per day
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public void A_series_new_to_the_archive_needs_From_and_is_not_synced_without_it()
    {
        (DatapointsSync sync, _) = NewSync(May1.AddDays(1), DatapointsSandbox.LoadRate);

        Assert.Empty(sync.Run(null, Utc(May1.AddDays(1)), TimeSpan.Zero));

        ErrorRecord error = Assert.Single(_cmdlet.Recorded.Errors);
        Assert.Equal("FromRequiredForNewSeries", error.FullyQualifiedErrorId);
        Assert.Contains("give -From, where its history starts", error.Exception.Message);
    }

    [Fact]
    public void A_state_file_that_cannot_be_read_ends_the_command_naming_it()
    {
        string path = Path.Combine(_folder, ArchiveState.FileName);
        File.WriteAllText(path, "{ not json");

        var ended = Assert.Throws<CommandTerminatedException>(() => DatapointsSync.ReadState(_cmdlet, path));

        Assert.Equal(("ArchiveStateUnreadable", ErrorCategory.InvalidData, path), (ended.ErrorRecord.FullyQualifiedErrorId, ended.ErrorRecord.CategoryInfo.Category, ended.ErrorRecord.TargetObject));
        Assert.EndsWith("Nothing was read or written.", ended.ErrorRecord.ErrorDetails.Message);
    }
}
