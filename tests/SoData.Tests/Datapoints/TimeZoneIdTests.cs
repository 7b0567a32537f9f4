using SoData.Client;
using Xunit;

namespace SoData.Tests.Datapoints;

/// <summary>
/// IANA and Windows time zone ids give the same zone whatever the machine knows: .NET Framework on Windows knows only
/// Windows ids (simulated here by a lookup that knows nothing else), .NET Core on Linux IANA ones. Each test runs with
/// both translation tables: the runtime's (PowerShell 7) and TimeZoneConverter's (Windows PowerShell 5.1).
/// </summary>
public class TimeZoneIdTests
{
    public static TheoryData<string> Tables => new() { "runtime", "TimeZoneConverter" };

    private static IZoneIds Table(string name) => name == "runtime" ? RuntimeZoneIds.Create()! : ZoneIds.CreateConverterIds();

    [Fact]
    public void OnDotNetTheRuntimeTablesAreUsed()
    {
        Assert.NotNull(RuntimeZoneIds.Create());
        Assert.True(ZoneIds.UsesRuntime);
    }

    private static readonly Dictionary<string, string> WindowsIds = new()
    {
        ["Romance Standard Time"] = "Europe/Paris",
        ["Eastern Standard Time"] = "America/New_York",
        ["Tokyo Standard Time"] = "Asia/Tokyo",
    };

    /// <summary>A machine that knows only Windows ids (the zone behind one has the real rules).</summary>
    private static TimeZoneInfo? WindowsOnly(string id) =>
        WindowsIds.TryGetValue(id, out var iana) ? TimeZoneInfo.FindSystemTimeZoneById(iana) : null;

    /// <summary>A machine that knows only IANA ids.</summary>
    private static TimeZoneInfo? IanaOnly(string id) =>
        WindowsIds.ContainsValue(id) ? TimeZoneInfo.FindSystemTimeZoneById(id) : null;

    /// <summary>The ids a lookup was asked, in order.</summary>
    private static Func<string, TimeZoneInfo?> Recording(Func<string, TimeZoneInfo?> lookup, List<string> asked) => id =>
    {
        asked.Add(id);
        return lookup(id);
    };

    private static readonly DateTimeOffset[] Instants =
    [
        new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero), new(2024, 3, 31, 0, 59, 0, TimeSpan.Zero), new(2024, 3, 31, 1, 0, 0, TimeSpan.Zero),
        new(2024, 7, 1, 12, 0, 0, TimeSpan.Zero), new(2024, 10, 27, 0, 59, 0, TimeSpan.Zero), new(2024, 10, 27, 1, 0, 0, TimeSpan.Zero),
    ];

    [Theory]
    [InlineData("Europe/Paris", "Romance Standard Time", "runtime")]
    [InlineData("America/New_York", "Eastern Standard Time", "runtime")]
    [InlineData("Asia/Tokyo", "Tokyo Standard Time", "runtime")]
    [InlineData("Europe/Paris", "Romance Standard Time", "TimeZoneConverter")]
    [InlineData("America/New_York", "Eastern Standard Time", "TimeZoneConverter")]
    [InlineData("Asia/Tokyo", "Tokyo Standard Time", "TimeZoneConverter")]
    public void BothNamingsGiveTheSameZoneOnAWindowsIdsMachineAndOnAnIanaIdsMachine(string iana, string windows, string table)
    {
        var ids = Table(table);
        var expected = TimeZoneInfo.FindSystemTimeZoneById(iana);
        foreach (var zone in new[] { DatapointsTimeZones.Find(iana, WindowsOnly, ids), DatapointsTimeZones.Find(windows, WindowsOnly, ids),
                                     DatapointsTimeZones.Find(iana, IanaOnly, ids), DatapointsTimeZones.Find(windows, IanaOnly, ids) })
        {
            Assert.NotNull(zone);
            Assert.All(Instants, t => Assert.Equal(expected.GetUtcOffset(t), zone!.GetUtcOffset(t)));
        }
        var asked = new List<string>();
        Assert.NotNull(DatapointsTimeZones.Find(iana, Recording(WindowsOnly, asked), ids));
        Assert.Equal([iana, windows], asked); // the IANA id is unknown there, so its Windows name is asked next
        asked.Clear();
        Assert.NotNull(DatapointsTimeZones.Find(windows, Recording(IanaOnly, asked), ids));
        Assert.Equal(windows, asked[0]);
        Assert.Equal(iana, asked[^1]);
    }

    [Fact]
    public void PlansAreTheSameWithAWindowsIdsMachine()
    {
        var paris = DatapointsTimeZones.Find("Europe/Paris", WindowsOnly)!;
        var from = new DateTimeOffset(2024, 3, 30, 0, 0, 0, TimeSpan.FromHours(1));
        var edges = new List<DateTimeOffset>();
        for (var t = from; edges.Count < 3; t = DatapointsPlanner.NextEdge(t, Granularity.Raw, paris)) edges.Add(t);
        var expected = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var expectedEdges = new List<DateTimeOffset>();
        for (var t = from; expectedEdges.Count < 3; t = DatapointsPlanner.NextEdge(t, Granularity.Raw, expected)) expectedEdges.Add(t);
        Assert.Equal(expectedEdges, edges);
        Assert.Equal(TimeSpan.FromHours(23), edges[2] - edges[1]); // the spring-forward day is 23 hours long
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void UnknownIdsAndUtcAreTheSameOnBoth(string table)
    {
        Assert.Null(DatapointsTimeZones.Find("Mars/Olympus_Mons", WindowsOnly, Table(table)));
        Assert.Null(DatapointsTimeZones.Find("Mars/Olympus_Mons", IanaOnly, Table(table)));
        Assert.Same(TimeZoneInfo.Utc, DatapointsTimeZones.Find("UTC", WindowsOnly));
        Assert.Same(TimeZoneInfo.Utc, DatapointsTimeZones.Find("Etc/UTC", IanaOnly));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void TheApiIsSentIanaIds(string table)
    {
        Assert.Equal("Europe/Paris", DatapointsTimeZones.IanaId("Romance Standard Time", Table(table)));
        Assert.Equal("Europe/Paris", DatapointsTimeZones.IanaId("Europe/Paris", Table(table)));
        Assert.Equal("UTC", DatapointsTimeZones.IanaId("UTC", Table(table)));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void CompletionOffersIanaIdsFirstThenWindowsIds(string table)
    {
        var ids = DatapointsTimeZones.CompletionIds(Table(table)).ToList();
        Assert.Equal("UTC", ids[0]);
        Assert.Contains("Europe/Paris", ids);
        Assert.Contains("Pacific/Auckland", ids);
        Assert.Contains("Romance Standard Time", ids);
        // Every IANA id (the API's) comes before the first Windows id.
        Assert.True(ids.FindLastIndex(id => id.Contains('/')) < ids.IndexOf("AUS Central Standard Time"));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("Romance Standard Time (sent as Europe/Paris)", DatapointsTimeZones.Describe("Romance Standard Time", Table(table)));
        Assert.Equal("Europe/Paris", DatapointsTimeZones.Describe("Europe/Paris", Table(table)));
    }
}
