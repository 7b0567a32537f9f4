using System.Net;
using SoData.Sandbox;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Sandbox;

/// <summary>The sandbox's --rate-limit: a token bucket, first on a fake clock, then over HTTP.</summary>
public class RateLimitTests
{
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(double seconds) => _ticks += (long)(seconds * TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void TheBucket_LetsTheBurstThrough_ThenAnswersWithTheWholeSecondsUntilTheNextToken()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(rate: 0.5, burst: 3, time);

        Assert.Null(bucket.TryTake());
        Assert.Null(bucket.TryTake());
        Assert.Null(bucket.TryTake());
        Assert.Equal(2, bucket.TryTake()); // one token every 2 s
        time.Advance(1.5);
        Assert.Equal(1, bucket.TryTake()); // 0.5 s left, rounded up
        time.Advance(0.5);
        Assert.Null(bucket.TryTake());
        Assert.Equal(2, bucket.TryTake());

        // A long pause refills the bucket to the burst, not beyond.
        time.Advance(3600);
        Assert.Null(bucket.TryTake());
        Assert.Null(bucket.TryTake());
        Assert.Null(bucket.TryTake());
        Assert.NotNull(bucket.TryTake());
    }

    [Fact]
    public void AFastBucket_StillSaysAtLeastOneSecond()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(rate: 20, burst: 20, time);
        for (int i = 0; i < 20; i++) Assert.Null(bucket.TryTake());

        Assert.Equal(1, bucket.TryTake());
        time.Advance(0.05);
        Assert.Null(bucket.TryTake());
    }

    [Theory]
    [InlineData("--rate-limit", "0")]
    [InlineData("--rate-limit", "-2")]
    [InlineData("--rate-burst", "0")]
    public void AZeroOrNegativeLimit_IsRefusedNamingTheOption(string option, string value)
    {
        string[] args = option == "--rate-burst" ? ["--rate-limit", "2", option, value] : [option, value];

        Assert.Null(SandboxOptions.Parse(args, out string? error));

        Assert.Contains(option, error);
    }

    [Fact]
    public async Task OverHttp_EveryApiCallTakesAToken_TheTokenEndpointDoesNot()
    {
        using var sandbox = SandboxServer.Start("--rate-limit", "0.01", "--rate-burst", "2");
        using var api = await Api.ConnectAsync(sandbox);
        using var second = await Api.ConnectAsync(sandbox); // the token endpoint is not limited

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/ca")).Status);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("api/v1/ca")).Status);
        using var response = await api.Http.GetAsync("api/v1/ca");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        // 100 s per token: whole seconds until the next one (less whatever this test took since the bucket emptied).
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 90, 100);
        Assert.Equal(0, response.Headers.RetryAfter.Delta.Value.TotalSeconds % 1);
        using var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, stats.RootElement.GetProperty("faults").GetProperty("ratelimit").GetInt32());
        Assert.Equal(3, stats.RootElement.GetProperty("requests").GetProperty("GET /api/v1/ca").GetInt32());
    }
}
