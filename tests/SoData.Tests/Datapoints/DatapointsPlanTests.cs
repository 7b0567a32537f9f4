using SoData.Output;
using System.Text.Json;
using SoData.Client;
using Xunit;

namespace SoData.Tests.Datapoints;

/// <summary>The request plan: windows, batches and the wire body, without any server.</summary>
public class DatapointsPlanTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static DatapointsSeries S(string ca, string device, string reference) => new(ca, device, SeriesRef.Parse(reference));

    private static IEnumerable<DatapointsSeries> Many(string ca, int count) =>
        Enumerable.Range(0, count).Select(i => S(ca, $"00000000-0000-0000-0000-{i:000000000000}", "Global|0|140100"));

    [Fact]
    public void RawWindowsAreCalendarDaysThatTileTheRangeExactly()
    {
        var query = new DatapointsQuery { From = May1.AddHours(7.5), To = May1.AddDays(3).AddHours(2), Granularity = Granularity.Raw };
        var windows = DatapointsPlanner.Windows(query);
        Assert.Equal(4, windows.Count);
        Assert.Equal(query.From, windows[0].From);
        Assert.Equal(May1.AddDays(1), windows[0].To);
        Assert.Equal(query.To, windows[^1].To);
        for (var i = 1; i < windows.Count; i++) Assert.Equal(windows[i - 1].To, windows[i].From); // no gap, no overlap
        Assert.All(windows, w => Assert.True(w.From < w.To));
    }

    [Fact]
    public void ThirtyDaysRawOfOneSeriesIsThirtyRequests()
    {
        var query = new DatapointsQuery { From = May1, To = May1.AddDays(30) };
        var plan = DatapointsPlanner.Plan(query, [S("ca", "dev", "Global|0|140100")]);
        Assert.Equal(30, plan.Count);
        Assert.All(plan, c => Assert.Equal(TimeSpan.FromDays(1), c.To - c.From));
    }

    [Fact]
    public void AggregatedWindowsFollowTheCalendarOfTheTimeZone()
    {
        var paris = DatapointsTimeZones.Find("Europe/Paris")!;
        var query = new DatapointsQuery
        {
            From = new DateTimeOffset(2023, 12, 15, 0, 0, 0, TimeSpan.FromHours(1)),
            To = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.FromHours(1)),
            Granularity = Granularity.Day,
            TimeZone = "Europe/Paris",
        };
        var windows = DatapointsPlanner.Windows(query);
        Assert.Equal(3, windows.Count); // rest of 2023, 2024, January 2025
        Assert.Equal(new DateTime(2024, 1, 1), TimeZoneInfo.ConvertTime(windows[0].To, paris).DateTime);
        Assert.Equal(new DateTime(2025, 1, 1), TimeZoneInfo.ConvertTime(windows[1].To, paris).DateTime);

        var hourly = new DatapointsQuery { From = May1, To = May1.AddDays(70), Granularity = Granularity.Hour, TimeZone = "Europe/Paris" };
        Assert.All(DatapointsPlanner.Windows(hourly).Skip(1), w =>
        {
            var local = TimeZoneInfo.ConvertTime(w.From, paris).DateTime;
            Assert.Equal((1, TimeSpan.Zero), (local.Day, local.TimeOfDay)); // first of the month, local midnight
        });
    }

    [Fact]
    public void WeeklyWindowsStartOnMonday()
    {
        var query = new DatapointsQuery { From = May1, To = May1.AddYears(12), Granularity = Granularity.Week };
        var windows = DatapointsPlanner.Windows(query);
        Assert.True(windows.Count >= 3);
        Assert.All(windows.Skip(1), w => Assert.Equal(DayOfWeek.Monday, w.From.UtcDateTime.DayOfWeek));
    }

    [Fact]
    public void DeviceLocalBucketsAreNeverCutInTime()
    {
        var query = new DatapointsQuery { From = May1, To = May1.AddDays(90), Granularity = Granularity.Hour, UseDeviceLocalTimezone = true };
        Assert.Single(DatapointsPlanner.Windows(query));
        var unknownZone = new DatapointsQuery { From = May1, To = May1.AddDays(90), Granularity = Granularity.Day, TimeZone = "Nowhere/Atlantis" };
        Assert.Single(DatapointsPlanner.Windows(unknownZone));
        // Raw has no buckets: still cut, whatever the zone.
        var raw = new DatapointsQuery { From = May1, To = May1.AddDays(3), UseDeviceLocalTimezone = true };
        Assert.Equal(3, DatapointsPlanner.Windows(raw).Count);
    }

    [Fact]
    public void SeriesOfOneAccountGoTogetherUpToTheBatchSize()
    {
        var query = new DatapointsQuery { From = May1, To = May1.AddDays(1), BatchSize = 50 };
        var series = Many("ca-1", 120).Concat(Many("ca-2", 7)).Concat(Many("ca-1", 3)); // the last 3 repeat ca-1's first 3
        var plan = DatapointsPlanner.Plan(query, series);
        Assert.Equal(4, plan.Count); // ca-1: 50 + 50 + 20, ca-2: 7
        Assert.Equal([50, 50, 20, 7], plan.Select(c => c.Series.Count));
        Assert.Equal(["ca-1", "ca-1", "ca-1", "ca-2"], plan.Select(c => c.CorporateAccountUuid));
        Assert.All(plan, c => Assert.Equal(4, c.BatchCount));
        Assert.Equal(127, plan.SelectMany(c => c.Series).Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public void FewerSeriesGoPerRequestWhenAWindowWouldHoldTooManyPoints()
    {
        // Month granularity over 40 years is one window of ~480 points per series.
        var query = new DatapointsQuery { From = May1, To = May1.AddYears(40), Granularity = Granularity.Month, MaxPointsPerRequest = 10_000, BatchSize = 50 };
        var plan = DatapointsPlanner.Plan(query, Many("ca", 50));
        Assert.All(plan, c => Assert.True(c.Series.Count * 530 <= 10_000 + 530));
        Assert.True(plan.Count > 1);
    }

    [Fact]
    public void RawBodyHasNoAggregationAndStringIndexes()
    {
        var query = new DatapointsQuery { From = May1, To = May1.AddDays(1), Aggregation = Aggregation.Max };
        var chunk = DatapointsPlanner.Plan(query, [S("ca", "239b264b-fd7b-40ad-9a18-32f75d69db29", "Global|0|140100")]).Single();
        var json = JsonSerializer.Serialize(DatapointsApi.BuildBody(query, chunk), Json.Options);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("2024-05-01T00:00:00.000Z", root.GetProperty("from").GetString());
        Assert.Equal("2024-05-02T00:00:00.000Z", root.GetProperty("to").GetString());
        Assert.Equal("UTC", root.GetProperty("timezone").GetString());
        Assert.False(root.GetProperty("useDeviceLocalTimezone").GetBoolean());
        Assert.Equal("raw", root.GetProperty("granularity").GetString());
        var series = root.GetProperty("series")[0];
        Assert.Equal("239b264b-fd7b-40ad-9a18-32f75d69db29", series.GetProperty("deviceUuid").GetString());
        Assert.Equal("Global", series.GetProperty("itemType").GetString());
        Assert.Equal(JsonValueKind.String, series.GetProperty("itemIndex").ValueKind);
        Assert.Equal("0", series.GetProperty("itemIndex").GetString());
        Assert.Equal("140100", series.GetProperty("serviceId").GetString());
        Assert.False(series.TryGetProperty("aggregation", out _));
    }

    [Fact]
    public void AggregatedBodyDefaultsToAvg()
    {
        var query = new DatapointsQuery { From = May1, To = May1.AddDays(1), Granularity = Granularity.Hour, TimeZone = "Europe/Paris", UseDeviceLocalTimezone = true };
        var chunk = DatapointsPlanner.Plan(query, [S("ca", "dev", "Unit|1|140108")]).Single();
        var body = DatapointsApi.BuildBody(query, chunk);
        Assert.Equal("hour", body.Granularity);
        Assert.Equal("Europe/Paris", body.Timezone);
        Assert.True(body.UseDeviceLocalTimezone);
        Assert.Equal("avg", body.Series[0].Aggregation);
        Assert.Equal(("Unit", "1", "140108"), (body.Series[0].ItemType, body.Series[0].ItemIndex, body.Series[0].ServiceId));
    }

    [Theory]
    [InlineData("Global|0|140100", "Global", 0, 140100)]
    [InlineData(" Unit | 1 | 140108 ", "Unit", 1, 140108)]
    public void SeriesRefParses(string text, string item, int index, int service)
    {
        var r = SeriesRef.Parse(text);
        Assert.Equal((item, index, service), (r.ItemType, r.ItemIndex, r.ServiceId));
        Assert.Equal(SeriesRef.Parse("global|0|140100"), SeriesRef.Parse("Global|0|140100"));
    }

    [Theory]
    [InlineData("Global|0")]
    [InlineData("Global|x|140100")]
    [InlineData("|0|140100")]
    [InlineData("Global|0|140100|9")]
    [InlineData("Global|-1|140100")]
    [InlineData("")]
    public void SeriesRefRejectsMalformedTextSayingTheExpectedForm(string text)
    {
        Assert.False(SeriesRef.TryParse(text, out _, out var error));
        Assert.Contains("Item|Index|ServiceId", error);
    }
}

public class PivotLabelTests
{
    private static DatapointsSeries S(string device, string reference, string? name = null, string? title = null, string? unit = null) =>
        new("ca", device, SeriesRef.Parse(reference)) { DeviceName = name, Title = title, Unit = unit };

    private static readonly DatapointsSeries[] Fleet =
    [
        S("aaaaaaaa-1", "Global|0|140100", "IoT Gateway", "Load", "PERCENT"),
        S("bbbbbbbb-2", "Global|0|140100", "IoT Gateway", "Load", "PERCENT"),
        S("cccccccc-3", "Global|0|140100", "Delphys", "Load", "PERCENT"),
        S("cccccccc-3", "Unit|0|140108", "Delphys", "Current", "AMPERE"),
        S("cccccccc-3", "Unit|1|140108", "Delphys", "Current", "AMPERE"),
        S("cccccccc-3", "Global|0|1", "Delphys"),
    ];

    [Fact]
    public void DefaultLabelsAreShortDeviceMappingConfigAndUnit()
    {
        Assert.Equal([
            "IoT Gateway Global|0|140100 (PERCENT) [aaaaaaaa]", "IoT Gateway Global|0|140100 (PERCENT) [bbbbbbbb]", "Delphys Global|0|140100 (PERCENT)",
            "Delphys Unit|0|140108 (AMPERE)", "Delphys Unit|1|140108 (AMPERE)", "Delphys Global|0|1",
        ], PivotHeaders.Labels(Fleet));
    }

    [Fact]
    public void TemplatedLabelsAreReadableAndUnique()
    {
        var labels = PivotHeaders.Labels(Fleet, "{DeviceName} {Title} ({Unit})");
        Assert.Equal([
            "IoT Gateway Load (PERCENT) [aaaaaaaa]", "IoT Gateway Load (PERCENT) [bbbbbbbb]", "Delphys Load (PERCENT)",
            "Delphys Current (AMPERE) [Unit|0|140108]", "Delphys Current (AMPERE) [Unit|1|140108]", "Delphys Global|0|1",
        ], labels);
    }

    [Theory]
    [InlineData("{DeviceName} / {Title} ({Unit})", "Delphys / Current (AMPERE)", "Delphys / Global|0|1")]
    [InlineData("{Title}", "Current", "Global|0|1")]
    [InlineData("{deviceuuid}: {streamref} [{Unit}]", "cccccccc-3: Unit|1|140108 [AMPERE]", "cccccccc-3: Global|0|1")]
    public void TemplatesNameFieldsAndTidyWhatIsMissing(string template, string current, string withoutTitleOrUnit)
    {
        Assert.Equal(current, PivotHeaders.Fill(template, Fleet[4], severalDevices: true));
        Assert.Equal(withoutTitleOrUnit, PivotHeaders.Fill(template, Fleet[5], severalDevices: true));
    }

    [Theory]
    [InlineData("{DeviceName} {Title} ({Unit})", null)]
    [InlineData("{Device} ({Unit})", "{Device} is not a field")]
    [InlineData("Load", "names no field")]
    [InlineData(" ", "empty")]
    public void TemplatesAreCheckedNamingTheFields(string template, string? problem)
    {
        string? error = PivotHeaders.Check(template);
        if (problem == null) Assert.Null(error);
        else
        {
            Assert.Contains(problem, error);
            Assert.Contains("{DeviceName}, {DeviceUuid}, {StreamRef}, {Title}, {Unit}", error);
        }
    }

    [Fact]
    public void UnknownNamesFallBackToMappingConfigAndDevice()
    {
        Assert.Equal(["Global|0|140100", "Unit|1|140108"],
            DatapointsPivot.Labels([S("d1", "Global|0|140100"), S("d1", "Unit|1|140108")]));
        Assert.Equal(["d1 Global|0|140100", "d2 Global|0|140100"],
            DatapointsPivot.Labels([S("d1", "Global|0|140100"), S("d2", "Global|0|140100")]));
    }
}
