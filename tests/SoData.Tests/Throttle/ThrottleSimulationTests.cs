using Xunit;

namespace SoData.Tests.Throttle;

/// <summary>
/// The throttle against a gateway's token bucket (50 ms latency, -ThrottleLimit 8), in virtual time: the targets of
/// issue 12 checked on the throttle's arithmetic alone, deterministically. The Bench measures the same over real HTTP.
/// </summary>
public class ThrottleSimulationTests
{
    [Theory]
    [InlineData(2, 2, 60)]
    [InlineData(20, 20, 400)]
    [InlineData(5, 5, 100)]
    public void UnderARateLimit_EveryRequestGetsThrough_NearTheAllowedRate_WithFew429s(double rate, int burst, int requests)
    {
        var sim = new RateLimitSimulation(rate, burst, latency: 0.05, concurrency: 8);

        double seconds = sim.Run(requests);

        Assert.Equal(requests, sim.Succeeded);
        double ideal = (requests - burst) / rate;
        Assert.True(seconds <= 1.3 * ideal, $"{seconds:0.0} s for an ideal of {ideal:0.0} s");
        Assert.True(sim.Throttled <= 0.25 * requests, $"{sim.Throttled} answers 429 for {requests} useful requests");
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(20, 20)]
    public void WhenTheLimitLifts_TheConcurrencyIsBackToTheCeilingWithinSeconds(double rate, int burst)
    {
        var sim = new RateLimitSimulation(rate, burst, latency: 0.05, concurrency: 8);
        sim.Run(60);
        Assert.True(sim.State.Engaged);
        Assert.True(sim.State.Concurrency < 8 || sim.State.Pacing);

        sim.Rate = 1_000_000;
        sim.Trace.Clear();
        double liftedAt = sim.Now;
        sim.Run(2000);

        var recovered = sim.Trace.FirstOrDefault(e => e.Concurrency == 8 && e.Pace == null);
        Assert.NotEqual(default, recovered);
        Assert.True(recovered.Time - liftedAt <= 15, $"back to 8 after {recovered.Time - liftedAt:0.0} s");
        Assert.False(sim.State.Engaged);
    }

    [Fact]
    public void WithoutThrottling_NothingIsHeldBack()
    {
        var sim = new RateLimitSimulation(1_000_000, 1_000_000, latency: 0.05, concurrency: 8);

        double seconds = sim.Run(800);

        // 100 rounds of 8 requests at 50 ms: exactly the latency bound.
        Assert.Equal(5.0, seconds, 6);
        Assert.Equal(0, sim.Throttled);
        Assert.False(sim.State.Engaged);
    }
}
