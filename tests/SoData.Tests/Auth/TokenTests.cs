using System.Net.Http;
using System.Security;
using SoData.Auth;
using SoData.Client;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Auth;

/// <summary>
/// Token acquisition and renewal against the sandbox's real OpenIddict token endpoint. Lifetimes are the sandbox's
/// defaults (minutes): a token lapses when the test moves the module's clock, never by waiting, and never on the
/// server while a test runs, so every grant count is exact.
/// </summary>
public class TokenTests
{
    private static SecureString Secure(string text) => Secrets.Protect(text);

    /// <summary>The module's clock for tokens (OidcTokenClient stamps expiry with it, OidcTokenSource reads it).</summary>
    private sealed class FakeClock
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public DateTimeOffset Now() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void MoveTo(DateTimeOffset instant) => Interlocked.Exchange(ref _ticks, instant.UtcTicks);
    }

    private static (OidcTokenSource Source, HttpClient Http) NewSource(SandboxServer sandbox, string password = "sandbox", string secret = "sandbox-secret", FakeClock? clock = null)
    {
        var http = new HttpClient();
        Func<DateTimeOffset>? now = clock is null ? null : clock.Now;
        var client = new OidcTokenClient(http, sandbox.BaseUri, "Socomec", "sodata-sandbox", Secure(secret), clock: now);
        return (new OidcTokenSource(client, "admin@sandbox.local", Secure(password), now), http);
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
        using var sandbox = SandboxServer.Start();
        var clock = new FakeClock();
        var (source, http) = NewSource(sandbox, clock: clock);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);

        await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        string first = await source.GetAccessTokenAsync(null, CancellationToken.None);
        Assert.Equal(first, await source.GetAccessTokenAsync(null, CancellationToken.None));
        clock.MoveTo(source.AccessTokenExpiresAt!.Value);
        var page = await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);

        Assert.Single(page.Results);
        Assert.Equal(1, source.PasswordGrants);
        Assert.Equal(1, source.RefreshGrants);
        Assert.NotEqual(first, await source.GetAccessTokenAsync(null, CancellationToken.None));
        using var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, stats.RootElement.GetProperty("grants").GetProperty("refresh_token").GetInt32());
    }

    [Fact]
    public async Task ExpiredRefreshToken_LogsInAgainWithTheStoredCredential()
    {
        using var sandbox = SandboxServer.Start();
        var clock = new FakeClock();
        var (source, http) = NewSource(sandbox, clock: clock);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);

        await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        string first = await source.GetAccessTokenAsync(null, CancellationToken.None);
        clock.MoveTo(source.RefreshTokenExpiresAt!.Value);
        var page = await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);

        // Both tokens have lapsed: one new sign-in with the stored credential, no refresh attempt.
        Assert.Single(page.Results);
        Assert.Equal(2, source.PasswordGrants);
        Assert.Equal(0, source.RefreshGrants);
        Assert.NotEqual(first, await source.GetAccessTokenAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentRenewals_AreSingleFlight()
    {
        using var sandbox = SandboxServer.Start();
        var clock = new FakeClock();
        var (source, http) = NewSource(sandbox, clock: clock);
        using var _ = http;
        using var client = new SoDataClient(new SoDataClientOptions(sandbox.BaseUri), source);
        await client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 1, CancellationToken.None);
        clock.MoveTo(source.AccessTokenExpiresAt!.Value);

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
