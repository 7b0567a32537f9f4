using System.Net;
using System.Text.Json;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

public sealed class DatapointsFixture : SandboxFixture
{
    protected override string[] Args => ["--max-points", "2000"];
}

/// <summary>PUT ca/{ca}/datapoints (guide 5.8.3 / 7.1): raw points, real aggregation, and the error cases.</summary>
public class DatapointsTests(DatapointsFixture fixture) : IClassFixture<DatapointsFixture>
{
    private static object Series(string device, string serviceId = "140100", string? aggregation = null, string itemType = "Global", string itemIndex = "0") =>
        aggregation is null
            ? new { deviceUuid = device, itemType, itemIndex, serviceId }
            : new { deviceUuid = device, itemType, itemIndex, serviceId, aggregation };

    private static object Body(string from, string to, string granularity, string timezone = "UTC", bool useDeviceLocalTimezone = false, params object[] series) =>
        new { from, to, timezone, useDeviceLocalTimezone, granularity, series };

    private async Task<(Api Api, string Ca, string Device)> ConnectAsync()
    {
        var api = await Api.ConnectAsync(fixture.Server);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);
        return (api, ca, device);
    }

    private static List<(DateTimeOffset At, double Value)> Points(JsonElement series) =>
        series.GetProperty("data").EnumerateArray()
            .Select(p => (DateTimeOffset.Parse(p.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture), p.GetProperty("value").GetDouble()))
            .ToList();

    private static async Task<JsonElement> OkAsync(Api api, string ca, object body)
    {
        var (status, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", body);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {json}");
        return json;
    }

    [Fact]
    public async Task Raw_FromIsInclusive_ToIsExclusive_AndTheRequestIsEchoed()
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;

        var json = await OkAsync(api, ca, Body("2022-05-18T00:00:00Z", "2022-05-18T02:00:00Z", "raw", series: Series(device)));

        Assert.Equal("2022-05-18T00:00:00Z", json.GetProperty("from").GetString());
        Assert.Equal("2022-05-18T02:00:00Z", json.GetProperty("to").GetString());
        Assert.Equal("UTC", json.GetProperty("timezone").GetString());
        Assert.False(json.GetProperty("useDeviceLocalTimezone").GetBoolean());
        Assert.Equal("raw", json.GetProperty("granularity").GetString());
        var series = json.GetProperty("series")[0];
        Assert.Equal("Global", series.GetProperty("itemType").GetString());
        Assert.Equal("0", series.GetProperty("itemIndex").GetString());
        Assert.Equal("140100", series.GetProperty("serviceId").GetString());
        Assert.Equal(device, series.GetProperty("deviceUuid").GetString());
        Assert.Equal("number", series.GetProperty("dataType").GetString());
        Assert.Equal("Europe/Paris", series.GetProperty("deviceTimeZone").GetString());
        Assert.False(series.TryGetProperty("aggregation", out var aggregation));

        var points = Points(series);
        Assert.Equal(24, points.Count); // 2 h at the default 300 s period
        Assert.Equal("2022-05-18T00:00:00Z", series.GetProperty("data")[0].GetProperty("at").GetString());
        Assert.Equal(DateTimeOffset.Parse("2022-05-18T01:55:00Z"), points[^1].At);
        Assert.All(points, p => Assert.InRange(p.Value, 0, 100));
        Assert.All(points.Zip(points.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(300), pair.Second.At - pair.First.At));

        var shifted = await OkAsync(api, ca, Body("2022-05-18T00:00:01Z", "2022-05-18T00:05:00.001Z", "raw", series: Series(device)));
        Assert.Equal([DateTimeOffset.Parse("2022-05-18T00:05:00Z")], Points(shifted.GetProperty("series")[0]).Select(p => p.At));
    }

    [Fact]
    public async Task Raw_IsDeterministic_AndSeriesComeBackInRequestOrder()
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;
        var body = Body("2022-05-18T00:00:00Z", "2022-05-18T01:00:00Z", "raw",
            series: [Series(device, "140108", itemType: "Unit", itemIndex: "1"), Series(device), Series(device, "999999")]);

        var first = await OkAsync(api, ca, body);
        var second = await OkAsync(api, ca, body);

        Assert.Equal(first.GetRawText(), second.GetRawText());
        var series = first.GetProperty("series");
        Assert.Equal(["140108", "140100", "999999"], series.EnumerateArray().Select(s => s.GetProperty("serviceId").GetString()));
        Assert.Equal(12, series[0].GetProperty("data").GetArrayLength());
        Assert.Equal(0, series[2].GetProperty("data").GetArrayLength()); // a variable the device lacks: empty data
    }

    [Fact]
    public async Task HourAggregations_MatchWhatTheRawPointsGive()
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;
        const string from = "2022-05-18T00:00:00Z", to = "2022-05-18T06:00:00Z";
        var raw = Points((await OkAsync(api, ca, Body(from, to, "raw", series: Series(device)))).GetProperty("series")[0]);
        var byHour = raw.GroupBy(p => new DateTimeOffset(p.At.Year, p.At.Month, p.At.Day, p.At.Hour, 0, 0, TimeSpan.Zero))
            .Select(g => (At: g.Key, Values: g.Select(p => p.Value).ToList())).ToList();

        string[] aggregations = ["avg", "min", "max", "count", "sum", "var", "stdev"];
        var json = await OkAsync(api, ca, Body(from, to, "hour", series: aggregations.Select(a => Series(device, aggregation: a)).ToArray()));

        for (var k = 0; k < aggregations.Length; k++)
        {
            var series = json.GetProperty("series")[k];
            Assert.Equal(aggregations[k], series.GetProperty("aggregation").GetString());
            var points = Points(series);
            Assert.Equal(byHour.Select(h => h.At), points.Select(p => p.At));
            for (var h = 0; h < byHour.Count; h++)
            {
                var values = byHour[h].Values;
                var mean = values.Average();
                var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count; // population
                var expected = aggregations[k] switch
                {
                    "avg" => mean,
                    "min" => values.Min(),
                    "max" => values.Max(),
                    "count" => values.Count,
                    "sum" => values.Sum(),
                    "var" => variance,
                    _ => Math.Sqrt(variance),
                };
                Assert.True(Math.Abs(expected - points[h].Value) < 1e-9, $"{aggregations[k]} hour {h}: expected {expected}, got {points[h].Value}");
            }
        }
    }

    [Fact]
    public async Task DayAndWeekBuckets_AreAlignedInTheTimezone_AndClippedToTheRange()
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;
        const string from = "2022-05-18T00:00:00Z", to = "2022-05-20T00:00:00Z";

        var paris = Points((await OkAsync(api, ca, Body(from, to, "day", "Europe/Paris", series: Series(device, aggregation: "count")))).GetProperty("series")[0]);
        Assert.Equal(
            [(DateTimeOffset.Parse("2022-05-17T22:00:00Z"), 264.0), (DateTimeOffset.Parse("2022-05-18T22:00:00Z"), 288.0), (DateTimeOffset.Parse("2022-05-19T22:00:00Z"), 24.0)],
            paris);

        // useDeviceLocalTimezone: the device's Europe/Paris wins over the request's UTC.
        var local = Points((await OkAsync(api, ca, Body(from, to, "DAY", "UTC", true, Series(device, aggregation: "count")))).GetProperty("series")[0]);
        Assert.Equal(paris, local);

        var utc = Points((await OkAsync(api, ca, Body(from, to, "day", series: Series(device, aggregation: "count")))).GetProperty("series")[0]);
        Assert.Equal([(DateTimeOffset.Parse("2022-05-18T00:00:00Z"), 288.0), (DateTimeOffset.Parse("2022-05-19T00:00:00Z"), 288.0)], utc);

        // 2022-05-18 is a Wednesday: its week starts on Monday 16 May.
        var week = Points((await OkAsync(api, ca, Body(from, to, "week", series: Series(device, aggregation: "count")))).GetProperty("series")[0]);
        Assert.Equal([(DateTimeOffset.Parse("2022-05-16T00:00:00Z"), 576.0)], week);

        // Dates without an offset are wall time in the request's timezone; 27 March 2022 is a 23-hour day in Paris.
        var dst = Points((await OkAsync(api, ca, Body("2022-03-26T00:00:00", "2022-03-28T00:00:00", "day", "Europe/Paris", series: Series(device, aggregation: "count")))).GetProperty("series")[0]);
        Assert.Equal([(DateTimeOffset.Parse("2022-03-25T23:00:00Z"), 288.0), (DateTimeOffset.Parse("2022-03-26T23:00:00Z"), 276.0)], dst);
    }

    [Theory]
    [InlineData("raw", "avg", "aggregation")]
    [InlineData("hour", null, "aggregation")]
    [InlineData("hour", "median", "median")]
    [InlineData("fortnight", "avg", "fortnight")]
    public async Task GranularityAndAggregationMismatches_Are400(string granularity, string? aggregation, string inMessage)
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;

        var (status, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints",
            Body("2022-05-18T00:00:00Z", "2022-05-18T02:00:00Z", granularity, series: Series(device, aggregation: aggregation)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Contains(inMessage, json.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BadRanges_Timezones_Bodies_And_UnknownDevices_AreRejected()
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;
        var path = $"api/v1/ca/{ca}/datapoints";

        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync(path, Body("2022-05-18T02:00:00Z", "2022-05-18T02:00:00Z", "raw", series: Series(device)))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync(path, Body("yesterday", "2022-05-18T02:00:00Z", "raw", series: Series(device)))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync(path, Body("2022-05-18T00:00:00Z", "2022-05-18T02:00:00Z", "raw", "Mars/Olympus", series: Series(device)))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync(path, Body("2022-05-18T00:00:00Z", "2022-05-18T02:00:00Z", "raw"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutRawAsync(path, "{\"from\": ")).Status);

        var (status, json) = await api.PutAsync(path, Body("2022-05-18T00:00:00Z", "2022-05-18T02:00:00Z", "raw", series: Series("00000000-0000-4000-8000-000000000000")));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Device", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task MoreThanMaxPoints_Is400AskingToNarrowTheRange()
    {
        var (api, ca, device) = await ConnectAsync();
        using var _ = api;

        // 10 days of raw points = 2880 > --max-points 2000.
        var (status, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body("2022-05-01T00:00:00Z", "2022-05-11T00:00:00Z", "raw", series: Series(device)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("from/to", json.GetProperty("message").GetString());

        // The same range aggregated by day is 10 points: fine.
        await OkAsync(api, ca, Body("2022-05-01T00:00:00Z", "2022-05-11T00:00:00Z", "day", series: Series(device, aggregation: "max")));
    }
}
