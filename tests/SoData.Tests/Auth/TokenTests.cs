using System.Net.Http;
using System.Security;
using SoData.Auth;
using SoData.Client;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Auth;

/// <summary>Token acquisition and renewal against the sandbox's real OpenIddict token endpoint.</summary>
public class TokenTests
{
    private static SecureString Secure(string text) => Secrets.Protect(text);

    private static (OidcTokenSource Source, HttpClient Http) NewSource(SandboxServer sandbox, string password = "sandbox", string secret = "sandbox-secret")
    {
        var http = new HttpClient();
        var client = new OidcTokenClient(http, sandbox.BaseUri, "Socomec", "sodata-sandbox", Secure(secret));
        return (new OidcTokenSource(client, "admin@sandbox.local", Secure(password)), http);
    }

    [Fact]
    public async Task PasswordGrant_GivesATokenTheApiAccepts()
    {
        using var sandbox = SandboxServer.Start();
        var (source, http) = NewSource(sandbox);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);

        var page = await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 50, CancellationToken.None);

        Assert.Contains(page.Results, ca => ca.Name == "SoLink");
        Assert.Equal(1, source.PasswordGrants);
        Assert.NotNull(source.AccessTokenExpiresAt);
        Assert.NotNull(source.RefreshTokenExpiresAt);
    }

    [Fact]
    public async Task WrongPassword_IsInvalidGrantWithTheServersDescription()
    {
        using var sandbox = SandboxServer.Start();
        var (source, http) = NewSource(sandbox, password: "wrong");
        using var _ = http;

        var error = await Assert.ThrowsAsync<SoDataAuthenticationException>(() => source.GetAccessTokenAsync(null, CancellationToken.None));

        Assert.Equal("invalid_grant", error.Error);
        Assert.False(string.IsNullOrEmpty(error.ErrorDescription));
        Assert.Contains(error.ErrorDescription!, error.Message);
        Assert.DoesNotContain("wrong", error.Message);
    }

    [Fact]
    public async Task WrongClientSecret_IsInvalidClient()
    {
        using var sandbox = SandboxServer.Start();
        var (source, http) = NewSource(sandbox, secret: "not-the-secret");
        using var _ = http;

        var error = await Assert.ThrowsAsync<SoDataAuthenticationException>(() => source.GetAccessTokenAsync(null, CancellationToken.None));

        Assert.Equal("invalid_client", error.Error);
        Assert.DoesNotContain("not-the-secret", error.Message);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRenewedWithTheRefreshToken()
    {
        using var sandbox = SandboxServer.Start("--access-token-lifetime", "2", "--refresh-token-lifetime", "60");
        var (source, http) = NewSource(sandbox);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);

        await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        string first = await source.GetAccessTokenAsync(null, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var page = await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);

        Assert.Single(page.Results);
        Assert.Equal(1, source.PasswordGrants);
        // At least one refresh; more only if this machine is so loaded that a 2-second token lapses on the way.
        Assert.InRange(source.RefreshGrants, 1, 3);
        Assert.NotEqual(first, await source.GetAccessTokenAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task ExpiredRefreshToken_LogsInAgainWithTheStoredCredential()
    {
        using var sandbox = SandboxServer.Start("--access-token-lifetime", "1", "--refresh-token-lifetime", "2");
        var (source, http) = NewSource(sandbox);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);

        await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        (int passwords, int refreshes) = (source.PasswordGrants, source.RefreshGrants);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await source.GetAccessTokenAsync(null, CancellationToken.None);

        // After the pause both tokens have lapsed: one new sign-in with the stored credential, no refresh attempt.
        // (Counted before the API call below: on a loaded machine a 1-second token may lapse on its way to the
        // server, and the 401 it gets is then rightly answered with a refresh.)
        Assert.Equal(passwords + 1, source.PasswordGrants);
        Assert.Equal(refreshes, source.RefreshGrants);
        var page = await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        Assert.Single(page.Results);
    }

    [Fact]
    public async Task ConcurrentRenewals_AreSingleFlight()
    {
        // Lifetime 8 s: long enough that the one renewal is still fresh when the 23 waiting callers look at it, and
        // still valid when their requests reach the server on a loaded machine (a lapse there is a second, rightful refresh).
        using var sandbox = SandboxServer.Start("--access-token-lifetime", "8", "--refresh-token-lifetime", "60");
        var (source, http) = NewSource(sandbox);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);
        await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(8.2));

        var calls = Enumerable.Range(0, 24)
            .Select(_ => client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None));
        var pages = await Task.WhenAll(calls);

        Assert.All(pages, page => Assert.Single(page.Results));
        Assert.Equal(1, source.RefreshGrants);
        using var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, stats.RootElement.GetProperty("grants").GetProperty("refresh_token").GetInt32());
    }

    [Fact]
    public async Task ABadStaticToken_IsA401ApiError_NotARetryLoop()
    {
        using var sandbox = SandboxServer.Start();
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), new StaticTokenSource(Secure("not-a-token")));

        var error = await Assert.ThrowsAsync<SoDataApiException>(() =>
            client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal("api/v1/ca", error.Path);
        Assert.DoesNotContain("not-a-token", error.Message);
    }
}
