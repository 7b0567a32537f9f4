using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SoData.Net;

namespace SoData.Auth
{
    /// <summary>
    /// Talks to the Keycloak-style token endpoint: {AuthUrl}realms/{Realm}/protocol/openid-connect/token,
    /// with the password and refresh_token grants of the vendor guide (form-encoded, client secret in the body).
    /// </summary>
    internal sealed class OidcTokenClient
    {
        private readonly HttpClient _http;
        private readonly string _clientId;
        private readonly SecureString? _clientSecret;
        private readonly TimeSpan _timeout;
        private readonly Func<DateTimeOffset> _clock;

        /// <param name="timeout">The limit on one token request (the session's -TimeoutSec); default 100 s.</param>
        /// <param name="clock">When a grant is sent, from which its tokens' expiry is counted; the same clock as the
        /// <see cref="OidcTokenSource"/>'s, so a test can move both instead of waiting for a token to lapse.</param>
        public OidcTokenClient(HttpClient http, Uri authUrl, string realm, string clientId, SecureString? clientSecret, TimeSpan? timeout = null, Func<DateTimeOffset>? clock = null)
        {
            _http = http;
            _clientId = clientId;
            _clientSecret = clientSecret;
            _timeout = timeout ?? TimeSpan.FromSeconds(100);
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            AuthUrl = Urls.EnsureTrailingSlash(authUrl);
            // '..' or 'a/b' would take the secret and the password to another route of the server (Connect-SoData checks -Realm first).
            if (PathSegment.Problem(realm) is { } problem)
                throw new ArgumentException($"The realm '{BodyText.Excerpt(realm ?? string.Empty)}' cannot be part of the token endpoint's route: {problem}.", nameof(realm));
            Realm = realm;
            TokenEndpoint = new Uri(AuthUrl, "realms/" + Uri.EscapeDataString(realm) + "/protocol/openid-connect/token");
        }

        public Uri AuthUrl { get; }
        public string Realm { get; }

        public Uri TokenEndpoint { get; }

        public Task<TokenSet> PasswordGrantAsync(string userName, SecureString password, CancellationToken cancellationToken) =>
            RequestAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = userName,
                ["password"] = Secrets.Reveal(password),
            }, cancellationToken);

        public Task<TokenSet> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
            RequestAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }, cancellationToken);

        private async Task<TokenSet> RequestAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
        {
            form["client_id"] = _clientId;
            if (_clientSecret != null) form["client_secret"] = Secrets.Reveal(_clientSecret);
            string grant = form["grant_type"];
            Diagnostics.Verbose($"POST {TokenEndpoint} (grant_type={grant}, client_id={_clientId})");

            DateTimeOffset sentAt = _clock();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            HttpResponseMessage response;
            string body;
            string? mediaType;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
                response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                mediaType = response.Content.Headers.ContentType?.MediaType;
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(ConnectionFailure.Classify(ex), ConnectionFailure.DetailOf(ex), clock.Elapsed, ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Unreachable(ConnectionProblem.Timeout, null, clock.Elapsed, ex);
            }

            using (response)
            {
                if ((int)response.StatusCode == 404) throw Unreachable(ConnectionProblem.EndpointNotFound, null, clock.Elapsed, null);
                if ((int)response.StatusCode >= 300 && (int)response.StatusCode < 400) throw Redirected(response);
                if (!response.IsSuccessStatusCode) throw ToAuthenticationException(response.StatusCode, body, grant, mediaType);
                return ParseTokens(body, sentAt, mediaType);
            }
        }

        /// <summary>The token endpoint could not be reached, or is not where -AuthUrl and -Realm say: a connection problem, not a credential one.</summary>
        private SoDataAuthenticationException Unreachable(ConnectionProblem problem, string? detail, TimeSpan elapsed, Exception? inner)
        {
            string setting = problem == ConnectionProblem.EndpointNotFound
                ? $"-AuthUrl (SODATA_AUTH_URL, now {AuthUrl}) and -Realm (SODATA_REALM, now '{Realm}'): the token endpoint is <AuthUrl>realms/<Realm>/protocol/openid-connect/token; in production -AuthUrl is https://connect.socomec.com/ (no /auth/ at the end) and -Realm Socomec"
                : $"-AuthUrl (SODATA_AUTH_URL, now {AuthUrl})";
            var failure = new ConnectionFailure(problem, TokenEndpoint, setting, detail, 1, elapsed, _timeout);
            return new SoDataAuthenticationException(failure.Message("The token request"), statusCode: problem == ConnectionProblem.EndpointNotFound ? 404 : (int?)null,
                inner: inner, connection: failure);
        }

        /// <summary>A redirect is not followed (the form holds the secret): an error naming where it pointed.</summary>
        private SoDataAuthenticationException Redirected(HttpResponseMessage response) =>
            new SoDataAuthenticationException(
                $"The token endpoint {TokenEndpoint} redirected ({(int)response.StatusCode} {response.ReasonPhrase}) to {BodyText.Excerpt(response.Headers.Location?.ToString() ?? "no Location")}, " +
                $"which is not followed: the client secret and password go only to the token endpoint. Check -AuthUrl (now {AuthUrl}) and -Realm.",
                statusCode: (int)response.StatusCode, problem: AuthenticationProblem.InvalidResponse);

        private SoDataAuthenticationException ToAuthenticationException(HttpStatusCode status, string body, string grant, string? mediaType)
        {
            string? error = null, description = null;
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    if (document.RootElement.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String) error = e.GetString();
                    if (document.RootElement.TryGetProperty("error_description", out JsonElement d) && d.ValueKind == JsonValueKind.String) description = d.GetString();
                }
            }
            catch (JsonException)
            {
                // Not an RFC 6749 error body (a proxy page, say): the status code is all we can report.
            }

            string detail = description ?? error ?? $"HTTP {(int)status} {status}" +
                (BodyText.Describe(System.Text.Encoding.UTF8.GetBytes(body), mediaType) is { } what ? ", " + what : string.Empty);
            string message = $"The token endpoint {TokenEndpoint} refused the {grant} grant: {detail}" + (error != null && description != null ? $" ({error})" : string.Empty);
            // Only the server's verdict on the credentials is an authentication error; the rest says what else broke.
            AuthenticationProblem problem =
                error == "invalid_grant" || error == "invalid_client" || (error == null && (status == HttpStatusCode.Unauthorized || status == HttpStatusCode.Forbidden)) ? AuthenticationProblem.CredentialsRefused
                : (int)status >= 500 ? AuthenticationProblem.ServerError
                : error != null ? AuthenticationProblem.RequestRefused
                : AuthenticationProblem.InvalidResponse;
            if (problem == AuthenticationProblem.ServerError) message += $" The token server at {TokenEndpoint.Host} is failing; try again later.";
            if (problem == AuthenticationProblem.InvalidResponse) message += $" This is not a token endpoint's answer: check -AuthUrl (now {AuthUrl}).";
            return new SoDataAuthenticationException(message, error, description, (int)status, problem: problem);
        }

        private TokenSet ParseTokens(string body, DateTimeOffset sentAt, string? mediaType)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                JsonElement root = document.RootElement;
                string accessToken = root.GetProperty("access_token").GetString() ?? throw new FormatException("access_token is null");
                // expires_in is in seconds (the guide's Python example wrongly hands it to timedelta as days).
                long expiresIn = ReadSeconds(root, "expires_in") ?? 300;
                string? refreshToken = root.TryGetProperty("refresh_token", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                long? refreshExpiresIn = ReadSeconds(root, "refresh_expires_in");
                return new TokenSet(
                    accessToken,
                    sentAt.AddSeconds(expiresIn),
                    refreshToken,
                    refreshToken != null && refreshExpiresIn > 0 ? sentAt.AddSeconds(refreshExpiresIn.Value) : (DateTimeOffset?)null);
            }
            catch (Exception ex) when (ex is JsonException || ex is KeyNotFoundException || ex is FormatException || ex is InvalidOperationException)
            {
                string what = BodyText.Describe(System.Text.Encoding.UTF8.GetBytes(body), mediaType) is { } described ? $" ({described})" : string.Empty;
                throw new SoDataAuthenticationException($"The token endpoint {TokenEndpoint} answered with a body that is not a token response{what}. Check -AuthUrl (now {AuthUrl}).",
                    problem: AuthenticationProblem.InvalidResponse);
            }
        }

        private static long? ReadSeconds(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out JsonElement value)) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n)) return n;
            if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out long s)) return s;
            return null;
        }
    }
}
