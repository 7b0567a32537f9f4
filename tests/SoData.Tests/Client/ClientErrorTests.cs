using System.Net;
using System.Net.Http;
using SoData.Auth;
using SoData.Client;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Client;

/// <summary>What the client does with servers that misbehave, over real HTTP on loopback.</summary>
public class ClientErrorTests
{
    private const string TokenBody = """{"access_token":"token-one","expires_in":300,"refresh_token":"refresh-one","refresh_expires_in":1800,"token_type":"Bearer"}""";

    private static OidcTokenSource TokensFrom(LoopbackHttpServer server, HttpClient http) =>
        new(new OidcTokenClient(http, server.BaseUri, "Socomec", "client", Secrets.Protect("secret")), "user@example.com", Secrets.Protect("password"));

    [Fact]
    public async Task AMalformedJsonBody_IsAClearErrorNamingTheRoute()
    {
        using var server = new LoopbackHttpServer(request =>
            request.Target.Contains("/token") ? new(200, TokenBody) : new(200, "{\"total\": 3, \"results\": [ {\"uuid\": "));
        using var http = new HttpClient();
        using var client = new SoDataClient(new SoDataClientOptions(server.BaseUri), TokensFrom(server, http));

        var error = await Assert.ThrowsAsync<SoDataApiException>(() =>
            client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None));

        Assert.Equal("GET", error.Method);
        Assert.Equal("api/v1/ca", error.Path);
        Assert.Contains("GET api/v1/ca", error.Message);
        Assert.Contains("not the JSON expected", error.Message);
    }

    [Fact]
    public async Task A401_RenewsTheTokenOnceAndReplays_ASecond401IsAClearError()
    {
        using var server = new LoopbackHttpServer(request =>
            request.Target.Contains("/token") ? new(200, TokenBody) : new(401, """{"status":401,"message":"Token revoked"}"""));
        using var http = new HttpClient();
        var tokens = TokensFrom(server, http);
        using var client = new SoDataClient(new SoDataClientOptions(server.BaseUri) { MaxRetries = 3 }, tokens);

        var error = await Assert.ThrowsAsync<SoDataApiException>(() =>
            client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Token revoked", error.ApiMessage);
        Assert.Equal(2, server.Requests.Count(r => r.Target.StartsWith("/api/v1/ca")));
        Assert.Equal(1, tokens.PasswordGrants);
        Assert.Equal(1, tokens.RefreshGrants);
        Assert.DoesNotContain("token-one", error.Message);
    }

    [Fact]
    public async Task RequestsGoThroughTheConfiguredProxy()
    {
        // A forward proxy sees the absolute URI of every request; this one answers in the API's place.
        using var proxy = new LoopbackHttpServer(request =>
            request.Target.Contains("/token") ? new(200, TokenBody) : new(200, """{"total":0,"results":[],"take":10}"""));
        var options = new SoDataClientOptions(new Uri("http://api.sodata.invalid/")) { Proxy = new FixedProxy(proxy.BaseUri) };
        using var http = SoDataClient.CreateHttpClient(options);
        var tokens = new OidcTokenSource(new OidcTokenClient(http, new Uri("http://auth.sodata.invalid/"), "Socomec", "client", null), "user@example.com", Secrets.Protect("password"));
        using var client = new SoDataClient(options, tokens, http);

        var page = await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None);

        Assert.Empty(page.Results);
        Assert.Contains(proxy.Requests, r => r.Target == "http://auth.sodata.invalid/realms/Socomec/protocol/openid-connect/token");
        Assert.Contains(proxy.Requests, r => r.Target == "http://api.sodata.invalid/api/v1/ca?take=10&skip=0");
    }

    [Theory]
    [InlineData("GET", 500, 2)]
    [InlineData("PUT", 502, 2)]
    [InlineData("POST", 500, 1)]
    [InlineData("PATCH", 504, 1)]
    [InlineData("POST", 503, 2)]
    [InlineData("POST", 429, 2)]
    public async Task NonIdempotentRequests_AreRetriedOnlyWhenTheServerSaidItDidNotActOnThem(string method, int firstStatus, int expectedAttempts)
    {
        int attempts = 0;
        using var server = new LoopbackHttpServer(request =>
        {
            if (request.Target.Contains("/token")) return new(200, TokenBody);
            return Interlocked.Increment(ref attempts) == 1 ? new(firstStatus, """{"message":"try again"}""") : new(200, """{"ok":true}""");
        });
        using var http = new HttpClient();
        var options = new SoDataClientOptions(server.BaseUri) { MaxRetries = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };
        using var client = new SoDataClient(options, TokensFrom(server, http));

        Task<ApiResponse> call = client.SendAsync(new HttpMethod(method), "api/v1/anything", null, "{}", CancellationToken.None);
        if (expectedAttempts == 1) Assert.Equal(firstStatus, (await Assert.ThrowsAsync<SoDataApiException>(() => call)).StatusCode);
        else Assert.Equal(200, (await call).StatusCode);

        Assert.Equal(expectedAttempts, attempts);
    }

    /// <summary>Sends everything to one proxy, loopback targets included (WebProxy always bypasses those).</summary>
    private sealed class FixedProxy(Uri address) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }
        public Uri GetProxy(Uri destination) => address;
        public bool IsBypassed(Uri host) => false;
    }
}
