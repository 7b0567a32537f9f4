using SoData.Client;
using Xunit;

namespace SoData.Tests.Datapoints;

/// <summary>
/// IANA and Windows time zone ids give the same zone whatever the machine knows: .NET Framework on Windows knows only
/// Windows ids (simulated here by a lookup that knows nothing else), .NET Core on Linux IANA ones.
/// </summary>
public class TimeZoneIdTests
{
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
    [InlineData("Europe/Paris", "Romance Standard Time")]
    [InlineData("America/New_York", "Eastern Standard Time")]
    [InlineData("Asia/Tokyo", "Tokyo Standard Time")]
    public void BothNamingsGiveTheSameZoneOnAWindowsIdsMachineAndOnAnIanaIdsMachine(string iana, string windows)
    {
        var expected = TimeZoneInfo.FindSystemTimeZoneById(iana);
        foreach (var zone in new[] { DatapointsTimeZones.Find(iana, WindowsOnly), DatapointsTimeZones.Find(windows, WindowsOnly),
                                     DatapointsTimeZones.Find(iana, IanaOnly), DatapointsTimeZones.Find(windows, IanaOnly) })
        {
            Assert.NotNull(zone);
            Assert.All(Instants, t => Assert.Equal(expected.GetUtcOffset(t), zone!.GetUtcOffset(t)));
        }
        var asked = new List<string>();
        Assert.NotNull(DatapointsTimeZones.Find(iana, Recording(WindowsOnly, asked)));
        Assert.Equal([iana, windows], asked); // the IANA id is unknown there, so its Windows name is asked next
        asked.Clear();
        Assert.NotNull(DatapointsTimeZones.Find(windows, Recording(IanaOnly, asked)));
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

    [Fact]
    public void UnknownIdsAndUtcAreTheSameOnBoth()
    {
        Assert.Null(DatapointsTimeZones.Find("Mars/Olympus_Mons", WindowsOnly));
        Assert.Null(DatapointsTimeZones.Find("Mars/Olympus_Mons", IanaOnly));
        Assert.Same(TimeZoneInfo.Utc, DatapointsTimeZones.Find("UTC", WindowsOnly));
        Assert.Same(TimeZoneInfo.Utc, DatapointsTimeZones.Find("Etc/UTC", IanaOnly));
    }

    [Fact]
    public void TheApiIsSentIanaIds()
    {
        Assert.Equal("Europe/Paris", DatapointsTimeZones.IanaId("Romance Standard Time"));
        Assert.Equal("Europe/Paris", DatapointsTimeZones.IanaId("Europe/Paris"));
        Assert.Equal("UTC", DatapointsTimeZones.IanaId("UTC"));
    }

    [Fact]
    public void CompletionOffersIanaIdsFirstThenWindowsIds()
    {
        var ids = DatapointsTimeZones.CompletionIds().ToList();
        Assert.Equal("UTC", ids[0]);
        Assert.Contains("Europe/Paris", ids);
        Assert.Contains("Pacific/Auckland", ids);
        Assert.Contains("Romance Standard Time", ids);
        // Every IANA id (the API's) comes before the first Windows id.
        Assert.True(ids.FindLastIndex(id => id.Contains('/')) < ids.IndexOf("AUS Central Standard Time"));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("Romance Standard Time (sent as Europe/Paris)", DatapointsTimeZones.Describe("Romance Standard Time"));
        Assert.Equal("Europe/Paris", DatapointsTimeZones.Describe("Europe/Paris"));
    }
}
