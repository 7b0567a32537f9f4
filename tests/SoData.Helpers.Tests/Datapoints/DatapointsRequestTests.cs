using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>
/// The range and shape of a datapoints query, on their own: what the user typed is checked before any session (each
/// mistake ends the command naming the parameter), the query built from it, the units and titles of series typed with
/// -Series, and the error of a failed request.
/// </summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class DatapointsRequestTests(DatapointsSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    private DatapointsRequest Request(TestDatapointsParameters parameters) => new(_cmdlet, parameters);

    private ErrorRecord Refused(TestDatapointsParameters parameters, params string[] bound) =>
        Assert.Throws<CommandTerminatedException>(() => Request(parameters).CheckRange(bound)).ErrorRecord;

    [Fact]
    public void An_aggregation_given_with_raw_points_is_refused_but_the_default_one_is_not()
    {
        var parameters = new TestDatapointsParameters { Aggregation = Aggregation.Max };
        ErrorRecord error = Refused(parameters, "Aggregation");
        Assert.Equal("AggregationWithRawGranularity", error.FullyQualifiedErrorId);
        Assert.StartsWith("-Aggregation Max cannot be used with -Granularity Raw", error.Exception.Message);

        (DateTimeOffset from, DateTimeOffset to) = Request(parameters).CheckRange([]);
        Assert.Equal(TimeSpan.FromDays(1), to - from); // neither -From nor -To: the last 24 hours
    }

    [Fact]
    public void A_calendar_range_with_From_or_To_is_refused_naming_both()
    {
        var parameters = new TestDatapointsParameters { Range = CalendarRange.Yesterday, To = DateTime.UtcNow };
        ErrorRecord error = Refused(parameters, "Range", "To");
        Assert.Equal("RangeWithFromTo", error.FullyQualifiedErrorId);
        Assert.Contains("-Range Yesterday cannot be used with -To", error.Exception.Message);
    }

    [Fact]
    public void A_backwards_or_empty_range_is_refused()
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(new DateTime(2024, 5, 1));
        parameters.To = parameters.From;
        Assert.Equal("FromNotBeforeTo", Refused(parameters, TestDatapointsParameters.FromTo).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_range_that_starts_in_the_future_is_refused_and_one_that_ends_there_is_cut_at_now()
    {
        var future = new TestDatapointsParameters { From = DateTime.UtcNow.AddDays(2), To = DateTime.UtcNow.AddDays(3) };
        Assert.Equal("FromInFuture", Refused(future, TestDatapointsParameters.FromTo).FullyQualifiedErrorId);

        var open = new TestDatapointsParameters { From = DateTime.UtcNow.AddHours(-1), To = DateTime.UtcNow.AddDays(3) };
        (_, DateTimeOffset to) = Request(open).CheckRange(TestDatapointsParameters.FromTo);
        Assert.True(to <= DateTimeOffset.UtcNow);
        Assert.Contains(_cmdlet.Recorded.Verbose, v => v.StartsWith("The range ends in the future", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wall_clock_time_needs_a_zone_known_here_but_instants_do_not()
    {
        var wallClock = new TestDatapointsParameters { From = new DateTime(2024, 5, 1), To = new DateTime(2024, 5, 2), TimeZone = "Mars/Olympus_Mons" };
        ErrorRecord error = Refused(wallClock, TestDatapointsParameters.FromTo);
        Assert.Equal("UnknownTimeZone", error.FullyQualifiedErrorId);
        Assert.Contains("the time '2024-05-01 00:00:00' (no offset)", error.Exception.Message);

        TestDatapointsParameters instants = TestDatapointsParameters.Day(new DateTime(2024, 5, 1));
        instants.TimeZone = "Mars/Olympus_Mons";
        (DateTimeOffset from, _) = Request(instants).CheckRange(TestDatapointsParameters.FromTo);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), from);
    }

    [Fact]
    public void Wall_clock_times_and_calendar_ranges_are_read_in_the_zone_given()
    {
        var paris = new TestDatapointsParameters { From = new DateTime(2024, 5, 1), To = new DateTime(2024, 5, 2), TimeZone = "Europe/Paris" };
        (DateTimeOffset from, DateTimeOffset to) = Request(paris).CheckRange(TestDatapointsParameters.FromTo);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.FromHours(2)), from);
        Assert.Equal(TimeSpan.FromHours(2), to.Offset);

        var yesterday = new TestDatapointsParameters { Range = CalendarRange.Yesterday, TimeZone = "America/New_York" };
        (from, to) = Request(yesterday).CheckRange(["Range"]);
        Assert.Equal(TimeSpan.Zero, from.DateTime.TimeOfDay);
        Assert.Equal(from.DateTime.AddDays(1), to.DateTime);
    }

    [Fact]
    public void The_query_holds_what_was_asked_without_an_aggregation_for_raw_points()
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(new DateTime(2024, 5, 1));
        parameters.TimeZone = " Europe/Paris ";
        parameters.BatchSize = 7;
        DatapointsRequest request = Request(parameters);
        request.StartQuery(request.CheckRange(TestDatapointsParameters.FromTo), 1234, new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session));

        Assert.Null(request.Query.Aggregation);
        Assert.Equal("Europe/Paris", request.Query.TimeZone);
        Assert.Equal(7, request.Query.BatchSize);
        Assert.Equal(1234, request.Query.MaxPointsPerRequest);
        // The instants given, shown in the zone asked for.
        Assert.Contains("Datapoints from 2024-05-01T02:00:00.0000000+02:00 (inclusive) to 2024-05-02T02:00:00.0000000+02:00 (exclusive), raw, time zone Europe/Paris.", _cmdlet.Recorded.Verbose);
        Assert.Empty(_cmdlet.Recorded.Warnings);
    }

    [Fact]
    public async Task Series_typed_by_hand_get_their_unit_and_title_from_one_listing_per_device()
    {
        TestDatapointsParameters parameters = TestDatapointsParameters.Day(new DateTime(2024, 5, 1));
        DatapointsRequest request = Request(parameters);
        request.StartQuery(request.CheckRange(TestDatapointsParameters.FromTo), 1000, new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session));
        string device = sandbox.Delphys.Uuid!;
        var loadRate = new DatapointsSeries(sandbox.Ca, device, SeriesRef.Parse(DatapointsSandbox.LoadRate));
        var typo = new DatapointsSeries(sandbox.Ca, device, SeriesRef.Parse("Global|0|999999"));
        await sandbox.ResetStatsAsync();

        request.Describe([loadRate, typo]);
        request.Describe([loadRate, typo]);

        Assert.Equal("PERCENT", loadRate.Unit);
        Assert.False(string.IsNullOrEmpty(loadRate.Title));
        Assert.True(loadRate.Listed);
        Assert.False(typo.Listed); // left to the missing-series check
        Assert.Equal(1, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices/{device}/variables"));
    }

    [Fact]
    public void A_failed_request_says_the_APIs_message_then_its_batch_and_window_then_what_follows()
    {
        var series = new DatapointsSeries("ca", "dev", SeriesRef.Parse(DatapointsSandbox.LoadRate));
        var chunk = new DatapointsChunk("ca", [series], new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero), 2, 3, 1, 1);

        ErrorRecord error = DatapointsRequest.ChunkError(new SoDataApiException("PUT", "api/v1/ca/ca/datapoints", 503, "busy", "Service unavailable"), chunk, "The rest of this batch is skipped.");

        Assert.StartsWith("Service unavailable", error.ErrorDetails.Message);
        Assert.Contains("(batch 2 of 3: 1 series, window 2024-05-01T00:00:00.0000000+00:00 to 2024-05-02T00:00:00.0000000+00:00.)", error.ErrorDetails.Message);
        Assert.EndsWith("The rest of this batch is skipped.", error.ErrorDetails.Message);
    }
}
