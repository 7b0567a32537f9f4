using System.Net.Http;
using SoData.Auth;
using SoData.Client;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Throttle;

/// <summary>The client under throttling, over real HTTP on loopback: time budget, not retry count; counters; the error.</summary>
public class ThrottledClientTests
{
    private const string TokenBody = """{"access_token":"token-one","expires_in":300,"refresh_token":"refresh-one","refresh_expires_in":1800,"token_type":"Bearer"}""";

    private static SoDataClient NewClient(LoopbackHttpServer server, HttpClient http, Action<SoDataClientOptions>? configure = null)
    {
        var options = new SoDataClientOptions(server.BaseUri) { MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        var tokens = new OidcTokenSource(new OidcTokenClient(http, server.BaseUri, "Socomec", "client", Secrets.Protect("secret")), "user@example.com", Secrets.Protect("password"));
        return new SoDataClient(options, tokens);
    }

    [Theory]
    [InlineData(429, "0")]
    [InlineData(503, "0")]
    [InlineData(429, null)]
    public async Task ThrottledAnswers_AreWaitedFor_WithoutSpendingTheRetries(int status, string? retryAfter)
    {
        int calls = 0;
        using var server = new LoopbackHttpServer(request =>
        {
            if (request.Target.Contains("/token")) return new(200, TokenBody);
            return Interlocked.Increment(ref calls) <= 5 ? new(status, """{"message":"slow down"}""", RetryAfter: retryAfter) : new(200, """{"ok":true}""");
        });
        using var http = new HttpClient();
        // -MaxRetries 0: a throttled answer is not a failure to retry, it is a wait.
        using var client = NewClient(server, http);

        ApiResponse response = await client.SendAsync(HttpMethod.Post, "api/v1/anything", null, "{}", CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(6, calls);
        Assert.Equal(6, client.Throttle.Requests);
        Assert.Equal(5, client.Throttle.Retries);
        Assert.Equal(5, client.Throttle.ThrottledAnswers);
    }

    [Fact]
    public async Task A503WithoutRetryAfter_IsAServerFailure_RetriedUpToMaxRetries()
    {
        int calls = 0;
        using var server = new LoopbackHttpServer(request =>
                    {
            if (request.Target.Contains("/token")) return new(200, TokenBody);
            Interlocked.Increment(ref calls);
            return new(503, """{"message":"down"}""");
        });
        using var http = new HttpClient();
        using var client = NewClient(server, http, o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.SendAsync(HttpMethod.Get, "api/v1/ca", null, null, CancellationToken.None));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, calls);
        Assert.Equal(0, client.Throttle.ThrottledAnswers);
        Assert.Equal(2, client.Throttle.Retries);
    }

    [Fact]
    public async Task WhenTheBudgetRunsOut_TheErrorSaysTheServerThrottled_HowManyTimesAndForHowLong()
    {
        int calls = 0;
        using var server = new LoopbackHttpServer(request =>
        {
            if (request.Target.Contains("/token")) return new(200, TokenBody);
            Interlocked.Increment(ref calls);
            return new(429, """{"message":"quota exceeded"}""", RetryAfter: "1");
        });
        using var http = new HttpClient();
        using var client = NewClient(server, http, o => o.MaxThrottleWait = TimeSpan.FromSeconds(1.5));

        var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.SendAsync(HttpMethod.Get, "api/v1/ca", null, null, CancellationToken.None));

        // Waited 1 s after the first answer; a second wait of 1 s would pass the 1.5 s allowed.
        Assert.Equal(2, calls);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("quota exceeded", error.ApiMessage);
        Assert.Contains("GET api/v1/ca failed: the server throttled it 2 times over 1", error.Message);
        Assert.Contains("Retry-After 1 s", error.Message);
        Assert.Contains("more than the 1.5 s it may wait (Connect-SoData -MaxThrottleWaitSec)", error.Message);
        Assert.Equal(2, client.Throttle.ThrottledAnswers);
    }

    [Fact]
    public async Task ARetryAfterBeyondTheBudget_FailsAtOnce()
    {
        using var server = new LoopbackHttpServer(request =>
            request.Target.Contains("/token") ? new(200, TokenBody) : new(429, """{"message":"come back tomorrow"}""", RetryAfter: "86400"));
        using var http = new HttpClient();
        using var client = NewClient(server, http);

        var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.SendAsync(HttpMethod.Get, "api/v1/ca", null, null, CancellationToken.None));

        Assert.Contains("the server throttled it once over 0 s", error.Message);
        Assert.Contains("Retry-After 24 h 0 min), more than the 5 min 0 s it may wait", error.Message);
    }
}
