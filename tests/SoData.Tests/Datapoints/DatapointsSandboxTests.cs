using System.Runtime.InteropServices;
using System.Security;
using SoData.Auth;
using SoData.Client;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Datapoints;

/// <summary>The planner and parser against the sandbox: numbers recomputed from raw points, and window edges.</summary>
public class DatapointsSandboxTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const int SamplePeriod = 300; // the sandbox default
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<(SoDataClient Client, string Ca, string Device)> ConnectAsync()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var (ca, device) = await GuideObjects.DelphysAsync(api);
        var token = new SecureString();
        foreach (var c in await fixture.Server.GetTokenAsync()) token.AppendChar(c);
        var client = new SoDataClient(new SoDataClientOptions(fixture.Server.BaseUri) { MaxRetries = 0 }, new StaticTokenSource(token));
        return (client, ca, device.GetProperty("uuid").GetString()!);
    }

    private static async Task<List<DataPoint>> ReadAllAsync(SoDataClient client, DatapointsQuery query, IEnumerable<DatapointsSeries> series)
    {
        var points = new List<DataPoint>();
        foreach (var chunk in DatapointsPlanner.Plan(query, series))
            points.AddRange(DatapointsApi.ReadPoints(query, chunk, await DatapointsApi.SendAsync(client, query, chunk, CancellationToken.None)));
        return points;
    }

    [Theory]
    [InlineData(Aggregation.Avg)]
    [InlineData(Aggregation.Min)]
    [InlineData(Aggregation.Max)]
    [InlineData(Aggregation.Count)]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Stdev)]
    public async Task HourlyAggregatesEqualWhatTheRawPointsOfEachHourGive(Aggregation aggregation)
    {
        var (client, ca, device) = await ConnectAsync();
        using (client)
        {
            var series = new[] { new DatapointsSeries(ca, device, SeriesRef.Parse("Global|0|140100")) };
            var raw = await ReadAllAsync(client, new DatapointsQuery { From = May1, To = May1.AddDays(1) }, series);
            var aggregated = await ReadAllAsync(client, new DatapointsQuery { From = May1, To = May1.AddDays(1), Granularity = Granularity.Hour, Aggregation = aggregation }, series);

            Assert.Equal(24 * 3600 / SamplePeriod, raw.Count);
            Assert.Equal(24, aggregated.Count);
            foreach (var hour in aggregated)
            {
                var values = raw.Where(p => p.Timestamp >= hour.Timestamp && p.Timestamp < hour.Timestamp.AddHours(1)).Select(p => p.Value!.Value).ToList();
                double mean = values.Average();
                double expected = aggregation switch
                {
                    Aggregation.Avg => mean,
                    Aggregation.Min => values.Min(),
                    Aggregation.Max => values.Max(),
                    Aggregation.Count => values.Count,
                    Aggregation.Sum => values.Sum(),
                    _ => Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count), // population, as the API
                };
                Assert.Equal(expected, hour.Value!.Value, 9);
            }
        }
    }

    [Fact]
    public async Task DailyAveragesOverSeveralWindowsEqualTheRawAverages()
    {
        var (client, ca, device) = await ConnectAsync();
        using (client)
        {
            // Day granularity windows are calendar years: this range crosses a window edge at 2024-01-01.
            var from = new DateTimeOffset(2023, 12, 30, 0, 0, 0, TimeSpan.Zero);
            var to = new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero);
            var series = new[] { new DatapointsSeries(ca, device, SeriesRef.Parse("Global|0|140100")) };
            var daily = await ReadAllAsync(client, new DatapointsQuery { From = from, To = to, Granularity = Granularity.Day }, series);
            var raw = await ReadAllAsync(client, new DatapointsQuery { From = from, To = to }, series);
            Assert.Equal(2, DatapointsPlanner.Windows(new DatapointsQuery { From = from, To = to, Granularity = Granularity.Day }).Count);
            Assert.Equal(4, daily.Count);
            foreach (var day in daily)
                Assert.Equal(raw.Where(p => p.Timestamp >= day.Timestamp && p.Timestamp < day.Timestamp.AddDays(1)).Average(p => p.Value!.Value), day.Value!.Value, 9);
        }
    }

    [Fact]
    public async Task APointOnAWindowEdgeComesBackExactlyOnce()
    {
        var (client, ca, device) = await ConnectAsync();
        using (client)
        {
            var series = new[] { new DatapointsSeries(ca, device, SeriesRef.Parse("Global|0|140100")), new DatapointsSeries(ca, device, SeriesRef.Parse("Global|0|140108")) };
            var query = new DatapointsQuery { From = May1.AddHours(12), To = May1.AddDays(3).AddHours(12) }; // edges at midnight, where samples fall
            var windowed = await ReadAllAsync(client, query, series);
            Assert.Equal(4, DatapointsPlanner.Windows(query).Count);

            Assert.Equal(2 * 3 * 86_400 / SamplePeriod, windowed.Count);
            Assert.Equal(windowed.Count, windowed.Select(p => (p.StreamRef, p.Timestamp)).Distinct().Count());
            foreach (var edge in new[] { May1.AddDays(1), May1.AddDays(2), May1.AddDays(3) })
                Assert.Equal(2, windowed.Count(p => p.Timestamp == edge));
            Assert.DoesNotContain(windowed, p => p.Timestamp == query.To);
            Assert.Contains(windowed, p => p.Timestamp == query.From);

            // Same points as one unwindowed request would give.
            var single = DatapointsApi.ReadPoints(query, new DatapointsChunk(ca, series, query.From, query.To, 1, 1, 1, 1),
                await DatapointsApi.SendAsync(client, query, new DatapointsChunk(ca, series, query.From, query.To, 1, 1, 1, 1), CancellationToken.None));
            Assert.Equal(single.Select(p => (p.StreamRef, p.Timestamp, p.Value)).OrderBy(x => x), windowed.Select(p => (p.StreamRef, p.Timestamp, p.Value)).OrderBy(x => x));
        }
    }

    [Fact]
    public async Task AnApiErrorCarriesTheApisMessage()
    {
        var (client, ca, _) = await ConnectAsync();
        using (client)
        {
            var query = new DatapointsQuery { From = May1, To = May1.AddDays(1) };
            var chunk = DatapointsPlanner.Plan(query, [new DatapointsSeries(ca, Guid.NewGuid().ToString(), SeriesRef.Parse("Global|0|140100"))]).Single();
            var ex = await Assert.ThrowsAsync<SoDataApiException>(() => DatapointsApi.SendAsync(client, query, chunk, CancellationToken.None));
            Assert.Equal(404, ex.StatusCode);
            Assert.Contains("not found", ex.ApiMessage, StringComparison.OrdinalIgnoreCase);
        }
    }
}
