using System.Net;
using System.Net.Http;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

public class StatsTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Stats_CountRequestsPerRouteTemplateAndGrants_AndDeleteResets()
    {
        var sandbox = fixture.Server;
        await sandbox.ResetStatsAsync();

        using var api = await Api.ConnectAsync(sandbox);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api); // ca, customers, sites, devices
        await api.GetOkAsync($"api/v1/ca/{ca}/devices");
        await api.PutAsync($"api/v1/ca/{ca}/datapoints", new
        {
            from = "2022-05-18T00:00:00Z", to = "2022-05-18T01:00:00Z", timezone = "UTC", useDeviceLocalTimezone = false, granularity = "raw",
            series = new[] { new { deviceUuid = device, itemType = "Global", itemIndex = "0", serviceId = "140100" } },
        });

        using (var stats = await sandbox.GetStatsAsync())
        {
            var requests = stats.RootElement.GetProperty("requests");
            Assert.Equal(1, requests.GetProperty("POST token").GetInt32());
            Assert.Equal(1, requests.GetProperty("GET /api/v1/ca").GetInt32());
            Assert.Equal(1, requests.GetProperty("GET /api/v1/ca/{ca}/customers").GetInt32());
            Assert.Equal(1, requests.GetProperty("GET /api/v1/ca/{ca}/sites").GetInt32());
            Assert.Equal(2, requests.GetProperty("GET /api/v1/ca/{ca}/devices").GetInt32());
            Assert.Equal(1, requests.GetProperty("PUT /api/v1/ca/{ca}/datapoints").GetInt32());
            Assert.Equal(1, stats.RootElement.GetProperty("grants").GetProperty("password").GetInt32());
            Assert.Equal(0, stats.RootElement.GetProperty("grants").GetProperty("refresh_token").GetInt32());
        }

        await sandbox.ResetStatsAsync();
        using (var stats = await sandbox.GetStatsAsync())
        {
            Assert.Empty(stats.RootElement.GetProperty("requests").EnumerateObject());
            Assert.Equal(0, stats.RootElement.GetProperty("grants").GetProperty("password").GetInt32());
        }
    }
}

/// <summary>Injected faults hit /api/v1 only, and are counted both as requests and per kind.</summary>
public class FaultTests
{
    [Fact]
    public async Task FaultRate1_Is503OnTheApi_ButTokenAndStatsStillWork()
    {
        using var sandbox = SandboxServer.Start("--fault-rate", "1");
        using var api = await Api.ConnectAsync(sandbox); // the token endpoint is never faulted

        var (status, json) = await api.GetAsync("api/v1/ca");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(503, json.GetProperty("status").GetInt32());
        using var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, stats.RootElement.GetProperty("requests").GetProperty("GET /api/v1/ca").GetInt32());
        Assert.Equal(1, stats.RootElement.GetProperty("faults").GetProperty("fault").GetInt32());
    }

    [Fact]
    public async Task ThrottleRate1_Is429WithRetryAfter()
    {
        using var sandbox = SandboxServer.Start("--throttle-rate", "1");
        using var api = await Api.ConnectAsync(sandbox);

        using var response = await api.Http.GetAsync("api/v1/ca");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        using var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, stats.RootElement.GetProperty("faults").GetProperty("throttle").GetInt32());
    }

    [Fact]
    public async Task DropRate1_AbortsTheConnectionMidBody()
    {
        using var sandbox = SandboxServer.Start("--drop-rate", "1");
        using var api = await Api.ConnectAsync(sandbox);

        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var response = await api.Http.GetAsync("api/v1/ca");
            await response.Content.ReadAsStringAsync();
        });
        using var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, stats.RootElement.GetProperty("faults").GetProperty("drop").GetInt32());
    }

    [Fact]
    public async Task FaultStreak_ServesARequestAfterThatManyFaultsInARow_AndCountsEachRequestOnItsOwn()
    {
        using var sandbox = SandboxServer.Start("--throttle-rate", "1", "--fault-streak", "2");
        using var api = await Api.ConnectAsync(sandbox);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("api/v1/ca")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("api/v1/ca?take=5")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("api/v1/ca")).Status);
        var (status, accounts) = await api.GetAsync("api/v1/ca");
        Assert.Equal(HttpStatusCode.OK, status);
        // Served once, the streak starts again; another query is another request with its own streak.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("api/v1/ca")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("api/v1/ca?take=5")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/ca?take=5")).Status);

        // Bodies tell requests apart too, and the route still reads the body the fault check hashed.
        var ca = accounts.GetProperty("results")[0].GetProperty("uuid").GetString();
        var devicesPath = $"api/v1/ca/{ca}/devices?take=1";
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync(devicesPath)).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync(devicesPath)).Status);
        var device = (await api.GetOkAsync(devicesPath)).GetProperty("results")[0].GetProperty("uuid").GetString();
        object Body(string to) => new
        {
            from = "2022-05-18T00:00:00Z", to, timezone = "UTC", useDeviceLocalTimezone = false, granularity = "raw",
            series = new[] { new { deviceUuid = device, itemType = "Global", itemIndex = "0", serviceId = "140100" } },
        };
        var datapoints = $"api/v1/ca/{ca}/datapoints";
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.PutAsync(datapoints, Body("2022-05-18T01:00:00Z"))).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.PutAsync(datapoints, Body("2022-05-18T02:00:00Z"))).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.PutAsync(datapoints, Body("2022-05-18T01:00:00Z"))).Status);
        var (served, points) = await api.PutAsync(datapoints, Body("2022-05-18T01:00:00Z"));
        Assert.Equal(HttpStatusCode.OK, served);
        Assert.Equal(12, points.GetProperty("series")[0].GetProperty("data").GetArrayLength());
    }
}

/// <summary>How the sandbox process starts when the port it is given cannot be used.</summary>
public class StartupTests
{
    [Fact]
    public void AFixedPortInUse_ExitsWithASentenceNamingThePortAndTheOption()
    {
        using var first = SandboxServer.Start();

        var failure = Assert.Throws<InvalidOperationException>(() => SandboxServer.Start("--port", first.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains($"Failed to bind to address {first.BaseUri.AbsoluteUri.TrimEnd('/')}: address already in use. Pick another port with --port (0 = a free one), or with -Port when it runs from ./build.ps1 Sandbox", failure.Message);
        Assert.DoesNotContain("   at ", failure.Message); // no stack trace
    }
}
