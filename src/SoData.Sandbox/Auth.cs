using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SoData.Sandbox;

/// <summary>
/// A Keycloak look-alike token endpoint built on OpenIddict (a real OAuth 2.0 server): password and refresh_token
/// grants, one confidential client, one user. Degraded mode because there is no database: we validate the client
/// ourselves in a ValidateTokenRequest handler, and tokens are self-contained (JWT access tokens, encrypted
/// refresh tokens) with keys that live as long as the process.
/// </summary>
public static class Auth
{
    public static string TokenPath(SandboxOptions o) => $"/realms/{o.Realm}/protocol/openid-connect/token";

    public static void AddSandboxAuth(this IServiceCollection services, SandboxOptions o, Stats stats, Uri issuer)
    {
        services.AddOpenIddict()
            .AddServer(server =>
            {
                server.EnableDegradedMode();
                server.SetIssuer(issuer);
                server.SetTokenEndpointUris(TokenPath(o).TrimStart('/'));
                server.SetConfigurationEndpointUris($"realms/{o.Realm}/.well-known/openid-configuration");
                server.SetJsonWebKeySetEndpointUris($"realms/{o.Realm}/protocol/openid-connect/certs");
                server.AllowPasswordFlow().AllowRefreshTokenFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.OfflineAccess);
                // Process-lifetime keys. Not AddEphemeral*Key(): generating two RSA keys costs seconds on a small CI
                // machine at the first request, and every test starts its own sandbox. ES256 signatures and an AES
                // key-wrap key for the (encrypted) refresh tokens are instant to create.
                server.AddSigningKey(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "sandbox-es256" });
                server.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "sandbox-a256kw" });
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(TimeSpan.FromSeconds(o.AccessTokenLifetime));
                server.SetRefreshTokenLifetime(TimeSpan.FromSeconds(o.RefreshTokenLifetime));
                // Lifetimes can be 2 s in tests: no clock-skew grace on the refresh tokens this server validates.
                server.Configure(options => options.TokenValidationParameters.ClockSkew = TimeSpan.Zero);

                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement(); // plain http on loopback

                // Degraded mode has no application store: check client_id/client_secret (form or Basic) here.
                server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
                {
                    if (!string.Equals(context.ClientId, o.ClientId, StringComparison.Ordinal) ||
                        !string.Equals(context.ClientSecret, o.ClientSecret, StringComparison.Ordinal))
                    {
                        context.Reject(Errors.InvalidClient, "Invalid client or Invalid client credentials");
                    }
                    return default;
                }));

                // Keycloak also says how long the refresh token lives; clients (and the Python sample) read it.
                // --stated-*-token-lifetime make both figures lie, so a test sees a client renew without waiting.
                server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(b => b.UseInlineHandler(context =>
                {
                    if (context.Response.Error is null && context.Response.AccessToken is not null)
                    {
                        if (o.StatedAccessTokenLifetime is int stated)
                            context.Response.ExpiresIn = stated;
                        if (context.Response.RefreshToken is not null)
                            context.Response["refresh_expires_in"] = o.StatedRefreshTokenLifetime ?? o.RefreshTokenLifetime;
                        context.Response["not-before-policy"] = 0;
                        if (context.Request?.GrantType is { } grant)
                            stats.Grant(grant);
                    }
                    return default;
                }));
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
                validation.Configure(options => options.TokenValidationParameters.ClockSkew = TimeSpan.Zero);
            });

        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The passthrough token endpoint: OpenIddict has already validated the request and the client.</summary>
    public static async Task<IResult> TokenAsync(HttpContext http, SandboxOptions o)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request is null)
            return Results.NotFound();

        if (request.IsPasswordGrantType())
        {
            if (!string.Equals(request.Username, o.Username, StringComparison.OrdinalIgnoreCase) ||
                !string.Equals(request.Password, o.Password, StringComparison.Ordinal))
            {
                return Reject(Errors.InvalidGrant, "Invalid user credentials");
            }
            return SignIn(o.Username, request.GetScopes());
        }

        if (request.IsRefreshTokenGrantType())
        {
            // OpenIddict has checked signature, expiry and client binding of the refresh token; reissue for its subject.
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            if (subject is null)
                return Reject(Errors.InvalidGrant, "Invalid refresh token");
            return SignIn(subject, result.Principal!.GetScopes());
        }

        return Reject(Errors.UnsupportedGrantType, "Unsupported grant_type");
    }

    private static IResult SignIn(string user, IEnumerable<string> requestedScopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user)
            .SetClaim(Claims.Name, user)
            .SetClaim(Claims.Email, user)
            .SetClaim(Claims.PreferredUsername, user);

        // Keycloak always returns a refresh token; OpenIddict only does so for offline_access, hence it is implied.
        var scopes = new HashSet<string>(requestedScopes, StringComparer.Ordinal) { Scopes.Email, Scopes.Profile, Scopes.OfflineAccess };
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>Bearer check for /api/v1: a real validation (signature, expiry) by OpenIddict, answered in the API's JSON error shape.</summary>
    public static async Task<bool> AuthorizeApiAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await Unauthorized(http, "Full authentication is required to access this resource: missing Bearer token");
            return false;
        }
        var result = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.Succeeded)
            return true;
        var description = result.Properties?.GetString(OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription);
        await Unauthorized(http, description ?? "The access token is invalid or expired");
        return false;
    }

    private static Task Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Json.WriteErrorAsync(http, 401, message);
    }
}
