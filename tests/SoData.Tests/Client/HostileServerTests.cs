using System.Net.Http;
using SoData.Auth;
using SoData.Client;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Client;

/// <summary>
/// Servers (or what stands in front of them) that misbehave, over real HTTP on loopback: lists sent as null, paging that
/// never ends, HTML instead of JSON, redirects and routes that would take the token elsewhere. Every case ends after a
/// bounded number of requests, with an error that names the route.
/// </summary>
public class HostileServerTests
{
    private const string TokenBody = """{"access_token":"token-one","expires_in":300,"refresh_token":"refresh-one","refresh_expires_in":1800,"token_type":"Bearer"}""";

    private static (SoDataClient Client, HttpClient Http) ClientOf(LoopbackHttpServer server)
    {
        var options = new SoDataClientOptions(server.BaseUri) { MaxRetries = 0 };
        HttpClient http = SoDataClient.CreateHttpClient(options);
        var tokens = new OidcTokenSource(new OidcTokenClient(http, server.BaseUri, "Socomec", "client", Secrets.Protect("secret")), "user@example.com", Secrets.Protect("password"));
        return (new SoDataClient(options, tokens, http), http);
    }

    private static LoopbackHttpServer Serving(Func<LoopbackHttpServer.Request, LoopbackHttpServer.Response> api) =>
        new(request => request.Target.Contains("/token") ? new(200, TokenBody) : api(request));

    private static int ApiRequests(LoopbackHttpServer server) => server.Requests.Count(r => !r.Target.Contains("/token"));

    [Theory]
    [InlineData("""{"total": 8, "results": null, "take": 100}""")]
    [InlineData("""{"total": 8, "take": 100}""")]
    public async Task AListingWhoseResultsAreNullOrMissing_IsInvalidDataNamingTheRouteAndTheField(string body)
    {
        using var server = Serving(_ => new(200, body));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var reader = new PagedReader<CorporateAccount>(client.ListCorporateAccountsAsync, 100);
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => reader.ReadAllAsync(CancellationToken.None));
            Assert.Equal(200, error.StatusCode);
            Assert.Equal("api/v1/ca", error.Path);
            Assert.Contains("GET api/v1/ca answered without its list: \"results\" is null or missing", error.Message);
            Assert.Equal(1, ApiRequests(server));
        }
    }

    [Fact]
    public async Task AServerThatIgnoresSkip_IsAskedTwiceThenTheListingStopsWithAnErrorNamingTheRoute()
    {
        using var server = Serving(_ => new(200, """{"total": 8, "results": [{"uuid": "3756c84b-8697-446f-9ca3-931b3681f908", "name": "Only"}], "take": 1}"""));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var reader = new PagedReader<CorporateAccount>(client.ListCorporateAccountsAsync, 1, concurrency: 4);
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => reader.ReadAllAsync(CancellationToken.None));
            Assert.Contains("GET api/v1/ca answered, after 1 objects, a page of 1 object(s) all read before", error.Message);
            // The first page, then at most the pages fetched ahead of the repeated one: never more.
            Assert.InRange(ApiRequests(server), 2, 5);
        }
    }

    [Fact]
    public async Task ACaptivePortalsSignInPage_IsNamedAsAnHtmlPageWithItsTitle()
    {
        const string page = "<!DOCTYPE html>\n<html>\n<head><title>Sign in - Guest Wi-Fi</title></head>\n<body><form>...</form></body>\n</html>";
        using var server = Serving(_ => new(200, page, "text/html"));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None));
            Assert.Equal(200, error.StatusCode);
            Assert.Contains("GET api/v1/ca answered 200 with an HTML page (text/html, title 'Sign in - Guest Wi-Fi') instead of JSON", error.Message);
            Assert.Contains("sign-in page", error.Message);
            Assert.DoesNotContain("invalid start of a value", error.Message);
        }
    }

    [Fact]
    public async Task AGatewaysHtml502_IsQuotedByItsTitleOnly()
    {
        string page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n" +
            string.Concat(Enumerable.Repeat("<p>filler line</p>\n", 50)) + "</body>\n</html>";
        using var server = Serving(_ => new(502, page, "text/html"));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None));
            Assert.Equal(502, error.StatusCode);
            Assert.Contains("title '502 Bad Gateway'", error.Message);
            Assert.Contains("a proxy, a gateway or a sign-in page", error.Message);
            Assert.DoesNotContain("\n", error.Message);
            Assert.DoesNotContain("filler", error.Message);
            Assert.True(error.Message.Length < 400, error.Message);
        }
    }

    [Fact]
    public async Task ALongTextBody_IsQuotedAsAShortExcerpt()
    {
        using var server = Serving(_ => new(500, new string('x', 5000), "text/plain"));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None));
            Assert.True(error.Message.Length < 400, error.Message);
        }
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task ARedirectOffTheApi_IsNotFollowed_TheTokenStaysOnTheApi(int status)
    {
        using var elsewhere = new LoopbackHttpServer(_ => new(200, """{"total":0,"results":[],"take":10}"""));
        using var server = Serving(_ => new(status, "", Location: new Uri(elsewhere.BaseUri, "api/v1/ca").AbsoluteUri));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None));
            Assert.Contains($"was redirected ({status}", error.Message);
            Assert.Contains(elsewhere.BaseUri.Authority, error.Message);
            Assert.Empty(elsewhere.Requests);
        }
    }

    [Fact]
    public async Task ARedirectOfTheTokenRequest_IsNotFollowed_TheSecretStaysOnTheTokenEndpoint()
    {
        using var elsewhere = new LoopbackHttpServer(_ => new(200, TokenBody));
        using var server = new LoopbackHttpServer(_ => new(307, "", Location: elsewhere.BaseUri.AbsoluteUri + "token"));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataAuthenticationException>(() => client.Tokens.GetAccessTokenAsync(null, CancellationToken.None));
            Assert.Contains("redirected (307", error.Message);
            Assert.Empty(elsewhere.Requests);
        }
    }

    [Theory]
    [InlineData("api/v1/../../realms/Socomec/protocol/openid-connect/token")]
    [InlineData("api/v1/ca/%2e%2e/%2E%2E/x")]
    [InlineData("api/v1/ca/..%2fdevices")]
    [InlineData("http://elsewhere.invalid/api/v1/ca")]
    [InlineData("//elsewhere.invalid/api/v1/ca")]
    [InlineData("api\\..\\x")]
    [InlineData("realms/Socomec/protocol/openid-connect/token")]
    public async Task ARouteOutsideTheApi_IsRefusedBeforeAnythingIsSent(string path)
    {
        using var server = Serving(_ => new(200, """{"total":0,"results":[],"take":10}"""));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.SendAsync(HttpMethod.Get, path, null, null, CancellationToken.None));
            Assert.True(error.NotSent);
            Assert.Contains("was not sent", error.Message);
            Assert.Empty(server.Requests);
        }
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("%2e%2e")]
    [InlineData("a/b")]
    [InlineData("..\\x")]
    [InlineData("x?y")]
    public void AUuidThatIsNotOneRouteSegment_IsRefusedByTheRouteTable(string uuid)
    {
        var error = Assert.Throws<SoDataApiException>(() => Routes.Devices(uuid));
        Assert.True(error.NotSent);
        Assert.Contains("corporate account uuid", error.Message);
        var device = Assert.Throws<SoDataApiException>(() => Routes.Variables("3756c84b-8697-446f-9ca3-931b3681f908", uuid));
        Assert.Contains("device uuid", device.Message);
    }

    [Fact]
    public void AUuidIsOneEscapedSegment()
    {
        Assert.Equal("api/v1/ca/3756c84b-8697-446f-9ca3-931b3681f908/devices/a%20b/items", Routes.Items("3756c84b-8697-446f-9ca3-931b3681f908", "a b"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("%2e%2e")]
    [InlineData("")]
    public void ARealmThatIsNotOneRouteSegment_IsRefusedBeforeAnyTokenRequest(string realm)
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new OidcTokenClient(http, new Uri("http://127.0.0.1:1/"), realm, "client", null));
        Assert.Equal("realm", error.ParamName);
    }

    private static readonly DatapointsSeries Delphys = new("3756c84b-8697-446f-9ca3-931b3681f908", "1b8a3ee0-5c1e-4a53-9d54-2b2fe5a1a001", new SeriesRef("Global", 0, 140100));

    [Theory]
    [InlineData("""{"granularity": "raw", "series": null}""", "\"series\" is null or missing")]
    [InlineData("""{"granularity": "raw"}""", "\"series\" is null or missing")]
    [InlineData("""{"granularity": "raw", "series": [{"deviceUuid": "1b8a3ee0-5c1e-4a53-9d54-2b2fe5a1a001", "itemType": "Global", "itemIndex": "0", "serviceId": "140100", "data": null}]}""", "\"series[0].data\" (device 1b8a3ee0-5c1e-4a53-9d54-2b2fe5a1a001, Global|0|140100) is null or missing")]
    public async Task DatapointsWithoutTheirLists_AreInvalidDataNamingTheRouteAndTheField(string body, string says)
    {
        using var server = Serving(_ => new(200, body));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var query = new DatapointsQuery { From = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2024, 5, 1, 1, 0, 0, TimeSpan.Zero) };
            DatapointsChunk chunk = DatapointsPlanner.Plan(query, new[] { Delphys }).Single();
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => DatapointsApi.SendAsync(client, query, chunk, CancellationToken.None));
            Assert.Equal(200, error.StatusCode);
            Assert.Contains($"PUT api/v1/ca/{Delphys.CorporateAccountUuid}/datapoints answered without a list it must hold: {says}", error.Message);
        }
    }

    [Theory]
    [InlineData("""{"devices": null}""", "\"devices\" is null or missing")]
    [InlineData("""{"devices": [{"deviceUuid": "1b8a3ee0-5c1e-4a53-9d54-2b2fe5a1a001", "values": null}]}""", "\"devices[0].values\" is null or missing")]
    public async Task LastValuesWithoutTheirLists_AreInvalidDataNamingTheRouteAndTheField(string body, string says)
    {
        using var server = Serving(_ => new(200, body));
        var (client, http) = ClientOf(server);
        using (http)
        using (client)
        {
            var error = await Assert.ThrowsAsync<SoDataApiException>(() => DatapointsApi.GetLastValuesAsync(client, Delphys.CorporateAccountUuid, Delphys.DeviceUuid, CancellationToken.None));
            Assert.Contains($"/last-values answered without a list it must hold: {says}", error.Message);
        }
    }

    [Fact]
    public void ARangeEndingInTheFuture_IsCutAtNow_OneStartingThere_IsRefusedNamingFrom()
    {
        var now = new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(now, DatapointsLimits.CutAtNow(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), now));
        Assert.Equal(now.AddDays(-1), DatapointsLimits.CutAtNow(now.AddDays(-1), now));
        Assert.Null(DatapointsLimits.FutureStart(now.AddSeconds(-1), now));
        Assert.StartsWith("-From (", DatapointsLimits.FutureStart(now.AddDays(1), now));
    }
}
