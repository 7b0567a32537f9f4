using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

/// <summary>The server clock, late devices and the datapoints switches that the archive tests drive.</summary>
public class ServerClockTests
{
    private static object Body(string device, string from, string to, string granularity = "raw") => new
    {
        from, to, timezone = "UTC", granularity,
        series = new[] { granularity == "raw" ? (object)new { deviceUuid = device, itemType = "Global", itemIndex = "0", serviceId = "140100" }
            : new { deviceUuid = device, itemType = "Global", itemIndex = "0", serviceId = "140100", aggregation = "count" } },
    };

    private static List<DateTimeOffset> Times(JsonElement json) =>
        json.GetProperty("series")[0].GetProperty("data").EnumerateArray()
            .Select(p => DateTimeOffset.Parse(p.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)).ToList();

    private static async Task SetClockAsync(SandboxServer sandbox, string now)
    {
        using var http = new HttpClient { BaseAddress = sandbox.BaseUri };
        using var response = await http.PutAsync("_sandbox/clock", new StringContent($"{{\"now\": \"{now}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task PointsExistOnlyUpToTheClock_UntilItIsReset()
    {
        using var sandbox = SandboxServer.Start();
        using var api = await Api.ConnectAsync(sandbox);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);
        await SetClockAsync(sandbox, "2024-05-01T12:00:00Z");

        var (_, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body(device, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
        List<DateTimeOffset> times = Times(json);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T12:00:00Z", CultureInfo.InvariantCulture), times[^1]); // a point at "now" exists
        Assert.Equal(12 * 12 + 1, times.Count);
        // Aggregates count the points that exist.
        var (_, hourly) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body(device, "2024-05-01T11:00:00Z", "2024-05-02T00:00:00Z", "hour"));
        Assert.Equal(new[] { 12.0, 1.0 }, hourly.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));

        using var http = new HttpClient { BaseAddress = sandbox.BaseUri };
        Assert.Contains("2024-05-01T12:00:00", await http.GetStringAsync("_sandbox/clock"));
        (await http.DeleteAsync("_sandbox/clock")).Dispose();
        (_, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body(device, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
        Assert.Equal(288, Times(json).Count);
    }

    [Fact]
    public async Task ALateDevicesPointsAppearOnlyLateHoursAfterTheirTimestamp()
    {
        using var sandbox = SandboxServer.Start("--late-devices", "1", "--late-hours", "6");
        using var api = await Api.ConnectAsync(sandbox);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);
        await SetClockAsync(sandbox, "2024-05-01T12:00:00Z");
        var (_, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body(device, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T06:00:00Z", CultureInfo.InvariantCulture), Times(json)[^1]);
        await SetClockAsync(sandbox, "2024-05-01T18:00:00Z");
        (_, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body(device, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T12:00:00Z", CultureInfo.InvariantCulture), Times(json)[^1]);
    }

    [Fact]
    public async Task AFractionOfTheDevicesIsLate_TheSameOnesForTheSameSeed()
    {
        async Task<List<bool>> LateFlagsAsync()
        {
            using var sandbox = SandboxServer.Start("--late-devices", "0.34", "--late-hours", "6");
            using var api = await Api.ConnectAsync(sandbox);
            string ca = await GuideObjects.SoLinkAsync(api);
            await SetClockAsync(sandbox, "2024-05-01T12:00:00Z");
            var devices = (await api.GetOkAsync($"api/v1/ca/{ca}/devices?take=100")).GetProperty("results").EnumerateArray().Select(d => d.GetProperty("uuid").GetString()!).ToList();
            var flags = new List<bool>();
            foreach (string device in devices)
            {
                var (status, json) = await api.PutAsync($"api/v1/ca/{ca}/datapoints", Body(device, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
                List<DateTimeOffset> times = status == HttpStatusCode.OK ? Times(json) : new();
                flags.Add(times.Count > 0 && times[^1].Hour == 6);
            }
            return flags;
        }
        List<bool> first = await LateFlagsAsync();
        Assert.Contains(true, first);
        Assert.Contains(false, first);
        Assert.Equal(first, await LateFlagsAsync());
    }

    [Fact]
    public async Task AnOutageFailsDatapointsAfterTheGivenNumber_AndAHoldKeepsThemWaitingUntilReleased()
    {
        using var sandbox = SandboxServer.Start();
        using var api = await Api.ConnectAsync(sandbox);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);
        using var http = new HttpClient { BaseAddress = sandbox.BaseUri };
        object body = Body(device, "2024-05-01T00:00:00Z", "2024-05-01T01:00:00Z");

        (await http.PutAsync("_sandbox/datapoints-outage?after=1", null)).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"api/v1/ca/{ca}/datapoints", body)).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await api.PutAsync($"api/v1/ca/{ca}/datapoints", body)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/ca")).Status); // other routes are not affected
        (await http.DeleteAsync("_sandbox/datapoints-outage")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"api/v1/ca/{ca}/datapoints", body)).Status);

        (await http.PutAsync("_sandbox/datapoints-hold?after=0", null)).Dispose();
        Task<(HttpStatusCode Status, JsonElement Json)> held = api.PutAsync($"api/v1/ca/{ca}/datapoints", body);
        while (!(await http.GetStringAsync("_sandbox/datapoints-hold")).Contains("\"waiting\":1")) await Task.Delay(20);
        Assert.False(held.IsCompleted);
        (await http.DeleteAsync("_sandbox/datapoints-hold")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await held).Status);
    }
}
