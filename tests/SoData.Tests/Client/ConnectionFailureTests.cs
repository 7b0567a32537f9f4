using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using SoData.Auth;
using SoData.Client;
using SoData.Net;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Client;

/// <summary>Failures to reach a server are classified and explained, over real sockets on loopback (and the reserved .invalid domain).</summary>
public class ConnectionFailureTests
{
    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    [Fact]
    public async Task AClosedApiPort_IsConnectionRefused_AfterEveryAttempt_NamingTheUrl()
    {
        Uri api = ClosedPort();
        var options = new SoDataClientOptions(api) { MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };
        using var client = new SoDataClient(options, new StaticTokenSource(Secrets.Protect("token")));

        var error = await Assert.ThrowsAsync<SoDataApiException>(() => client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.NotNull(error.Connection);
        Assert.Equal(ConnectionProblem.Refused, error.Connection!.Problem);
        Assert.Equal("ConnectionRefused", error.Connection.ErrorId);
        Assert.Equal(3, error.Connection.Attempts);
        Assert.Contains($"tried {api}api/v1/ca, after 3 attempts over", error.Message);
        Assert.Contains("-ApiUrl", error.Message);
    }

    [Fact]
    public async Task TheTokenEndpoint_ClassifiesRefusedDnsAnd404_AndOnlyInvalidGrantIsACredentialsProblem()
    {
        using var http = new HttpClient();
        async Task<SoDataAuthenticationException> Grant(Uri authUrl) =>
            await Assert.ThrowsAsync<SoDataAuthenticationException>(() =>
                new OidcTokenClient(http, authUrl, "Socomec", "client", null).PasswordGrantAsync("user", Secrets.Protect("pw"), CancellationToken.None));

        Assert.Equal(ConnectionProblem.Refused, (await Grant(ClosedPort())).Connection?.Problem);
        Assert.Equal(ConnectionProblem.HostNotFound, (await Grant(new Uri("http://auth.sodata-test.invalid/"))).Connection?.Problem);

        using var server = new LoopbackHttpServer(request => request.Target.StartsWith("/realms/Socomec/")
            ? new(400, """{"error":"invalid_grant","error_description":"Invalid user credentials"}""")
            : new(404, """{"error":"Realm does not exist"}"""));
        SoDataAuthenticationException wrongPath = await Grant(new Uri(server.BaseUri, "auth/"));
        Assert.Equal(AuthenticationProblem.Unreachable, wrongPath.Problem);
        Assert.Equal(ConnectionProblem.EndpointNotFound, wrongPath.Connection?.Problem);
        Assert.Contains("/auth/realms/Socomec/protocol/openid-connect/token", wrongPath.Message);

        SoDataAuthenticationException refused = await Grant(server.BaseUri);
        Assert.Equal(AuthenticationProblem.CredentialsRefused, refused.Problem);
        Assert.Null(refused.Connection);
        Assert.Equal("invalid_grant", refused.Error);
    }

    [Fact]
    public void Classify_LooksThroughInnerExceptions()
    {
        Assert.Equal(ConnectionProblem.Refused, ConnectionFailure.Classify(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(ConnectionProblem.Tls, ConnectionFailure.Classify(new HttpRequestException("x", new System.Security.Authentication.AuthenticationException("frame"))));
        Assert.Equal(ConnectionProblem.Timeout, ConnectionFailure.Classify(new TimeoutException("late")));
        Assert.Equal(ConnectionProblem.HostNotFound, ConnectionFailure.Classify(new WebException("dns", WebExceptionStatus.NameResolutionFailure)));
        Assert.Equal(ConnectionProblem.Other, ConnectionFailure.Classify(new HttpRequestException("reset", new IOException("connection reset"))));
    }
}
