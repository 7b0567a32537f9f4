using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

public class TokenEndpointTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxServer _sandbox = fixture.Server;
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> PostAsync(
        Dictionary<string, string> form, (string Id, string Secret)? basic = null, string? realm = null)
    {
        var uri = realm is null ? _sandbox.TokenUri : new Uri(_sandbox.BaseUri, $"realms/{realm}/protocol/openid-connect/token");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
        if (basic is { } b)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{b.Id}:{b.Secret}")));
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    private static Dictionary<string, string> PasswordForm(string password = SandboxServer.Password, bool withClient = true)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = SandboxServer.Username,
            ["password"] = password,
        };
        if (withClient)
        {
            form["client_id"] = SandboxServer.ClientId;
            form["client_secret"] = SandboxServer.ClientSecret;
        }
        return form;
    }

    [Fact]
    public async Task PasswordGrant_WithClientInForm_ReturnsKeycloakShapedTokens()
    {
        var (status, json, _) = await PostAsync(PasswordForm());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("refresh_token").GetString()));
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 298, 300);
        Assert.Equal(1800, json.GetProperty("refresh_expires_in").GetInt32());
        // The access token is a JWT (three segments), as Keycloak's.
        Assert.Equal(3, json.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task PasswordGrant_WithClientSecretBasic_Works_AndTheApiAcceptsTheToken()
    {
        var (status, json, _) = await PostAsync(PasswordForm(withClient: false), (SandboxServer.ClientId, SandboxServer.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, status);

        using var api = new Api(_sandbox, json.GetProperty("access_token").GetString());
        var cas = await api.GetOkAsync("api/v1/ca");
        Assert.True(cas.GetProperty("total").GetInt32() > 0);
    }

    [Fact]
    public async Task WrongPassword_IsInvalidGrantWithDescription()
    {
        var (status, json, _) = await PostAsync(PasswordForm(password: "wrong"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        Assert.Equal("Invalid user credentials", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task WrongClientSecret_IsInvalidClient401()
    {
        var form = PasswordForm();
        form["client_secret"] = "not-the-secret";
        var (status, json, _) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error_description").GetString()));
    }

    [Fact]
    public async Task WrongClientId_WithBasic_IsInvalidClient401()
    {
        var (status, json, _) = await PostAsync(PasswordForm(withClient: false), ("someone-else", SandboxServer.ClientSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OtherGrantType_IsUnsupportedGrantType()
    {
        var (status, json, _) = await PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SandboxServer.ClientId,
            ["client_secret"] = SandboxServer.ClientSecret,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefreshGrant_IssuesNewTokens_AndGarbageRefreshTokenIsInvalidGrant()
    {
        var (_, first, _) = await PostAsync(PasswordForm());
        var (status, refreshed, _) = await PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        }, (SandboxServer.ClientId, SandboxServer.ClientSecret));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first.GetProperty("access_token").GetString(), refreshed.GetProperty("access_token").GetString());
        Assert.True(refreshed.TryGetProperty("refresh_token", out _));
        Assert.Equal(1800, refreshed.GetProperty("refresh_expires_in").GetInt32());
        using var api = new Api(_sandbox, refreshed.GetProperty("access_token").GetString());
        await api.GetOkAsync("api/v1/ca");

        var (badStatus, bad, _) = await PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = "not-a-refresh-token",
            ["client_id"] = SandboxServer.ClientId,
            ["client_secret"] = SandboxServer.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("invalid_grant", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OtherRealm_Is404()
    {
        var (status, _, _) = await PostAsync(PasswordForm(), realm: "master");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Api_WithoutOrWithBadToken_Is401Json()
    {
        using var anonymous = new Api(_sandbox, null);
        var (status, json) = await anonymous.GetAsync("api/v1/ca");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));

        using var forged = new Api(_sandbox, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        (status, json) = await forged.GetAsync("api/v1/ca");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task TokenFromLocalhost_IsValidOn127001()
    {
        // The issuer is fixed at startup, not taken from the Host header of each request.
        var localhost = new UriBuilder(_sandbox.TokenUri) { Host = "localhost" }.Uri;
        using var response = await Http.PostAsync(localhost, new FormUrlEncodedContent(PasswordForm()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        using var api = new Api(_sandbox, doc.RootElement.GetProperty("access_token").GetString());
        await api.GetOkAsync("api/v1/ca");
    }
}

public sealed class StatedLifetimesFixture : SandboxFixture
{
    protected override string[] Args => ["--stated-access-token-lifetime", "0", "--stated-refresh-token-lifetime", "1"];
}

public class StatedLifetimeTests(StatedLifetimesFixture fixture) : IClassFixture<StatedLifetimesFixture>
{
    private static FormUrlEncodedContent Form(string grant, params (string Name, string Value)[] fields) =>
        new(fields.Append(("grant_type", grant)).Append(("client_id", SandboxServer.ClientId)).Append(("client_secret", SandboxServer.ClientSecret))
            .ToDictionary(f => f.Item1, f => f.Item2));

    [Fact]
    public async Task TokenResponses_StateTheGivenLifetimes_WhileTheTokensStillWork()
    {
        var sandbox = fixture.Server;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var signIn = await http.PostAsync(sandbox.TokenUri, Form("password", ("username", SandboxServer.Username), ("password", SandboxServer.Password)));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var tokens = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync());
        Assert.Equal(0, tokens.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(1, tokens.RootElement.GetProperty("refresh_expires_in").GetInt32());

        using var api = new Api(sandbox, tokens.RootElement.GetProperty("access_token").GetString());
        await api.GetOkAsync("api/v1/ca");
        using var refresh = await http.PostAsync(sandbox.TokenUri, Form("refresh_token", ("refresh_token", tokens.RootElement.GetProperty("refresh_token").GetString()!)));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        using var refreshed = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync());
        Assert.Equal(0, refreshed.RootElement.GetProperty("expires_in").GetInt32());
    }
}

public sealed class ShortLivedTokensFixture : SandboxFixture
{
    protected override string[] Args => ["--access-token-lifetime", "3", "--refresh-token-lifetime", "3"];
}

public class TokenExpiryTests(ShortLivedTokensFixture fixture) : IClassFixture<ShortLivedTokensFixture>
{
    [Fact]
    public async Task ExpiredAccessToken_Is401_AndExpiredRefreshToken_IsInvalidGrant()
    {
        var sandbox = fixture.Server;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var tokenResponse = await http.PostAsync(sandbox.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = SandboxServer.ClientId,
            ["client_secret"] = SandboxServer.ClientSecret,
            ["username"] = SandboxServer.Username,
            ["password"] = SandboxServer.Password,
        }));
        var issued = DateTimeOffset.UtcNow;
        var tokenText = await tokenResponse.Content.ReadAsStringAsync();
        Assert.True(tokenResponse.IsSuccessStatusCode, $"token: {(int)tokenResponse.StatusCode} {tokenText}\n{sandbox.Log}");
        using var tokens = JsonDocument.Parse(tokenText);
        Assert.Equal(3, tokens.RootElement.GetProperty("refresh_expires_in").GetInt32());
        using var api = new Api(sandbox, tokens.RootElement.GetProperty("access_token").GetString());
        var (fresh, _) = await api.GetAsync("api/v1/ca");
        if (DateTimeOffset.UtcNow - issued < TimeSpan.FromSeconds(2)) // a loaded CI machine may be slower than the lifetime
            Assert.Equal(HttpStatusCode.OK, fresh);

        // No clock-skew grace: just past the lifetime, both tokens are refused.
        var wait = issued + TimeSpan.FromSeconds(3.5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);

        var (status, json) = await api.GetAsync("api/v1/ca");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, json.GetProperty("status").GetInt32());

        using var refresh = await http.PostAsync(sandbox.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = SandboxServer.ClientId,
            ["client_secret"] = SandboxServer.ClientSecret,
            ["refresh_token"] = tokens.RootElement.GetProperty("refresh_token").GetString()!,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        using var error = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync());
        Assert.Equal("invalid_grant", error.RootElement.GetProperty("error").GetString());
    }
}
