using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>
/// One datapoints command's run, built on its own (a recording runtime, a session on the sandbox): the series collected
/// and de-duplicated once, the plan, the queue and its failure policy, request counts, which series had points, the
/// report of series that do not exist, and the zone times are shown in.
/// </summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class DatapointsRunTests(DatapointsSandbox sandbox)
{
    private static readonly DateTime May1 = new(2024, 5, 1);

    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());
    private readonly List<(DatapointsChunk Chunk, List<DataPoint> Points)> _handed = [];

    private RecordingRuntime Recorded => _cmdlet.Recorded;

    private DatapointsRun NewRun(TestDatapointsParameters parameters, DatapointsRunOptions? options = null, IEnumerable<string>? bound = null, int throttleLimit = 4)
    {
        var run = new DatapointsRun(_cmdlet, new AsyncRunner(_cmdlet), new PipedInput(_cmdlet), "Get-SoDataDatapoint", parameters,
            (fromObject, _) => fromObject ?? sandbox.Ca, uuid => $"corporate account '{uuid}'",
            (chunk, points) => _handed.Add((chunk, points.ToList())), options);
        run.CheckRange(bound ?? TestDatapointsParameters.FromTo);
        run.Start(sandbox.Session, throttleLimit);
        return run;
    }

    /// <summary>Three days of raw points: a window (request) per day and batch.</summary>
    private static TestDatapointsParameters ThreeDays(int batchSize)
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(May1);
        parameters.To = parameters.From.AddDays(3);
        parameters.BatchSize = batchSize;
        return parameters;
    }

    private void AddSeries(DatapointsRun run, string device, params string[] series) => run.Add(null, null, device, null, series);

    [Fact]
    public async Task A_series_given_twice_is_read_once_and_said_once()
    {
        await sandbox.ResetStatsAsync();
        DatapointsRun run = NewRun(TestDatapointsParameters.Day(May1));

        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate, DatapointsSandbox.LoadRate);
        run.Add([new Variable { Uuid = "v1", DeviceUuid = sandbox.Delphys.Uuid, StreamRef = DatapointsSandbox.LoadRate }], null, null, null, null);
        run.Finish();

        DatapointsSeries only = Assert.Single(run.Series);
        Assert.Equal(DatapointsSandbox.LoadRate, only.Ref.ToString());
        Assert.Equal(2, Recorded.Verbose.Count(v => v.EndsWith("is already in this request; read once.", StringComparison.Ordinal)));
        Assert.Equal(1, run.RequestsPlanned);
        Assert.Equal(1, await sandbox.DatapointsRequestsAsync());
        Assert.Equal(288, _handed.Sum(h => h.Points.Count)); // a day of 5-minute samples, once
    }

    [Fact]
    public async Task Full_batches_start_as_series_come_and_every_request_is_counted_once()
    {
        await sandbox.ResetStatsAsync();
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(May1);
        parameters.BatchSize = 2;
        DatapointsRun run = NewRun(parameters);

        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate);
        Assert.Equal(0, run.RequestsPlanned);
        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.Frequency);
        Assert.Equal(1, run.RequestsPlanned); // a full batch of the account starts before the end
        AddSeries(run, sandbox.Delphys.Uuid!, "Global|0|140110", "Global|0|140120", "Unit|0|140108");
        run.Finish();

        Assert.Equal(3, run.RequestsPlanned);
        Assert.Equal(3, run.RequestsDone);
        Assert.Equal(3, await sandbox.DatapointsRequestsAsync());
        // Handed over in the order the series came, a batch at a time.
        Assert.Equal(["Global|0|140100 Global|0|140108", "Global|0|140110 Global|0|140120", "Unit|0|140108"],
            _handed.Select(h => string.Join(" ", h.Chunk.Series.Select(s => s.Ref.ToString()))));
        Assert.Equal(5 * 288, _handed.Sum(h => h.Points.Count));
        Assert.Contains(Recorded.Verbose, v => v == "1 series in 1 batch(es) x 1 window(s): 1 request(s).");
    }

    [Fact]
    public async Task Held_series_wait_for_the_end_then_go_window_by_window_in_plan_order()
    {
        await sandbox.ResetStatsAsync();
        TestDatapointsParameters parameters = ThreeDays(batchSize: 1);
        DatapointsRun run = NewRun(parameters, new DatapointsRunOptions { HoldSeriesUntilEnd = true });

        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate, DatapointsSandbox.Frequency);
        Assert.Equal(0, run.RequestsPlanned);
        Assert.Equal(0, await sandbox.DatapointsRequestsAsync());
        run.Finish();

        Assert.Equal(6, run.RequestsDone);
        Assert.Equal([1, 1, 2, 2, 3, 3], _handed.Select(h => h.Chunk.WindowNumber));
        Assert.Equal([DatapointsSandbox.LoadRate, DatapointsSandbox.Frequency, DatapointsSandbox.LoadRate, DatapointsSandbox.Frequency, DatapointsSandbox.LoadRate, DatapointsSandbox.Frequency],
            _handed.Select(h => Assert.Single(h.Chunk.Series).Ref.ToString()));
        Assert.Equal(2 * 3 * 288, _handed.Sum(h => h.Points.Count));
    }

    [Fact]
    public async Task Skip_batch_drops_the_rest_of_a_failed_batch_and_goes_on_without_calling_its_series_missing()
    {
        await sandbox.ResetStatsAsync();
        DatapointsRun run = NewRun(ThreeDays(batchSize: 1), throttleLimit: 1);

        AddSeries(run, DatapointsSandbox.NoSuchDevice, DatapointsSandbox.LoadRate); // its device is a 404: three windows planned
        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate);
        run.Finish();

        ErrorRecord error = Assert.Single(Recorded.Errors);
        Assert.Contains("(batch 1 of 1: 1 series, window ", error.ErrorDetails.Message);
        Assert.EndsWith("The rest of this batch is skipped.", error.ErrorDetails.Message);
        Assert.Equal(1 + 3, await sandbox.DatapointsRequestsAsync()); // one request of the failed batch, three of the other
        Assert.Equal(3 * 288, _handed.Sum(h => h.Points.Count));
        Assert.Equal(2, run.FoundSeries.Count); // a series of a failed request may have points: not reported missing
        Assert.False(run.NoSeriesFound);
    }

    [Fact]
    public void Abort_ends_the_command_on_the_first_failed_request_with_the_options_sentence()
    {
        DatapointsRun run = NewRun(TestDatapointsParameters.Day(May1),
            new DatapointsRunOptions { Failure = WorkFailure.Abort, FailureConsequence = "The export stopped; 'x.csv' was not written." });
        AddSeries(run, DatapointsSandbox.NoSuchDevice, DatapointsSandbox.LoadRate);

        CommandTerminatedException ended = Assert.Throws<CommandTerminatedException>(run.Finish);

        Assert.EndsWith("The export stopped; 'x.csv' was not written.", ended.ErrorRecord.ErrorDetails.Message);
        Assert.Empty(_handed);
    }

    [Fact]
    public async Task Only_empty_series_typed_by_hand_are_checked_and_those_that_do_not_exist_are_reported()
    {
        DatapointsRun run = NewRun(TestDatapointsParameters.Day(May1));
        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate, "Global|0|999999");
        // A listed variable (it has a uuid) that returns nothing is taken as existing: no listing to check it.
        run.Add([new Variable { Uuid = "listed", DeviceUuid = sandbox.Delphys.Uuid, StreamRef = "Unit|9|999999" }], null, null, null, null);
        await sandbox.ResetStatsAsync();

        run.Finish();

        ErrorRecord missing = Assert.Single(Recorded.Errors);
        Assert.Equal("VariableNotFound", missing.FullyQualifiedErrorId);
        Assert.Contains("'Global|0|999999'", missing.Exception.Message);
        Assert.Equal([DatapointsSandbox.LoadRate, "Unit|9|999999"], run.FoundSeries.Select(s => s.Ref.ToString()));
        Assert.False(run.NoSeriesFound);
        // The device's variables were listed once for the whole command.
        Assert.Equal(1, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices/{device}/variables"));
    }

    [Fact]
    public void A_command_whose_series_all_do_not_exist_has_no_series_found()
    {
        DatapointsRun run = NewRun(TestDatapointsParameters.Day(May1));
        AddSeries(run, sandbox.Delphys.Uuid!, "Global|0|999999", "Unit|7|140108");

        run.Finish();

        Assert.Equal(2, Recorded.Errors.Count(e => e.FullyQualifiedErrorId == "VariableNotFound"));
        Assert.Empty(run.FoundSeries);
        Assert.True(run.NoSeriesFound);
    }

    [Theory]
    [InlineData("Europe/Paris", "Europe/Paris")]
    [InlineData(" UTC ", "UTC")]
    public void Times_are_shown_in_the_time_zone_given(string zone, string shown)
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(May1);
        parameters.TimeZone = zone;
        DatapointsRun run = NewRun(parameters);

        Assert.Equal(shown, DatapointsTimeZones.IanaId(run.ShownZone!.Id));
    }

    [Fact]
    public void A_zone_unknown_here_is_sent_as_is_with_a_warning_and_shown_as_sent()
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(May1);
        parameters.TimeZone = "Mars/Olympus_Mons";
        DatapointsRun run = NewRun(parameters);

        Assert.Null(run.ShownZone);
        Assert.Equal("Mars/Olympus_Mons", run.Query.TimeZone);
        Assert.Contains(Recorded.Warnings, w => w.Contains("'Mars/Olympus_Mons' is not known on this computer", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_devices_own_zones_and_instants_no_single_zone_is_shown()
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(May1);
        parameters.UseDeviceLocalTimezone = true;
        DatapointsRun run = NewRun(parameters);

        Assert.True(run.Query.UseDeviceLocalTimezone);
        Assert.Null(run.ShownZone);
    }

    [Fact]
    public void With_the_devices_own_calendar_and_one_zone_that_zone_is_shown()
    {
        var parameters = new TestDatapointsParameters { Range = CalendarRange.Yesterday, UseDeviceLocalTimezone = true, Granularity = Granularity.Hour };
        DatapointsRun run = NewRun(parameters, bound: ["Range", "UseDeviceLocalTimezone", "Granularity"]);
        AddSeries(run, sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate);
        run.Finish();

        Assert.Equal(DatapointsTimeZones.IanaId(sandbox.Delphys.TimeZone!), DatapointsTimeZones.IanaId(run.ShownZone!.Id));
        Assert.NotEmpty(_handed);
    }
}
