using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SoData.Auth;
using SoData.Net;

namespace SoData.Client
{
    /// <summary>
    /// The HTTP layer of the module: authenticated calls with retries, error mapping and JSON reading.
    /// It knows nothing of PowerShell; it is safe to share between threads and runspaces.
    /// </summary>
    public sealed class SoDataClient : IDisposable
    {
        private static readonly string UserAgent = "SoData-PowerShell/" + typeof(SoDataClient).Assembly.GetName().Version?.ToString(3);

        private readonly HttpClient _http;
        private readonly bool _ownsHttp;
        private readonly IAccessTokenSource _tokens;
        private readonly IRetryPolicy _retries;

        public SoDataClient(SoDataClientOptions options, IAccessTokenSource tokens, HttpClient? http = null)
        {
            Options = options;
            ApiUrl = Urls.EnsureTrailingSlash(options.ApiUrl);
            _tokens = tokens;
            _ownsHttp = http == null;
            _http = http ?? CreateHttpClient(options);
            _retries = RetryPolicyLoader.Create(options);
            Throttle = new SessionThrottle();
        }

        public SoDataClientOptions Options { get; }
        public Uri ApiUrl { get; }
        public IAccessTokenSource Tokens => _tokens;

        /// <summary>The session's one throttle: every request of this client, from any runspace, goes through it.</summary>
        public SessionThrottle Throttle { get; }

        /// <summary>One HttpClient per session: the per-attempt timeout is the resilience pipeline's, not HttpClient's.</summary>
        internal static HttpClient CreateHttpClient(SoDataClientOptions options)
        {
            EnableModernTlsOnNetFramework();
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseProxy = true,
                // A redirect is never followed: the bearer token and the client secret go only where the session points
                // (a 307 would send the secret on; a redirect off the API would take the token). A 3xx is an error naming its Location.
                AllowAutoRedirect = false,
            };
            if (options.Proxy != null) handler.Proxy = options.Proxy;
            var http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            return http;
        }

        /// <summary>
        /// Windows PowerShell 5.1 (.NET Framework) may still default to TLS 1.0/1.1, which the API refuses; add 1.2
        /// and 1.3 there, leaving whatever else the process allows. .NET Core follows the OS and needs nothing.
        /// </summary>
        private static void EnableModernTlsOnNetFramework()
        {
            if (!System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)) return;
            const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;
            try
            {
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12 | Tls13;
            }
            catch (NotSupportedException)
            {
                // .NET Framework before 4.8 has no TLS 1.3.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            }
        }

        /// <summary>Lets <paramref name="count"/> API calls be on the wire at once (-ThrottleLimit); see <see cref="ConnectionLimit"/>.</summary>
        public void AllowConcurrentRequests(int count) => ConnectionLimit.AtLeast(ApiUrl, Options.Proxy, count);

        /// <summary>Sends one API call (with retries and one token renewal on 401) and returns the successful response, body buffered.</summary>
        public async Task<ApiResponse> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string?>>? query, string? jsonBody, CancellationToken cancellationToken)
        {
            string relative = path.TrimStart('/');
            Uri uri = RouteGuard.Confine(ApiUrl, method.Method, relative, BuildUri(relative, query));
            string display = $"{method.Method} {relative}";
            Diagnostics.Verbose($"{method.Method} {uri}");

            HttpResponseMessage response;
            int attempts = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                // Each attempt on the wire is counted, so an error after retries can say how hard it was tried.
                response = await SendThrottledAsync(method, uri, relative, jsonBody, () =>
                {
                    int attempt = Interlocked.Increment(ref attempts);
                    if (attempt > 1) Diagnostics.Status($"{display}: attempt {attempt} of {Options.MaxRetries + 1}, after a failure that may pass");
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is TimeoutException || ex is HttpRequestException || ex is System.IO.IOException)
            {
                // No response at all: say what broke (refused, DNS, TLS, timeout), where, and how hard it was tried.
                var failure = new ConnectionFailure(ConnectionFailure.Classify(ex), uri, $"-ApiUrl (SODATA_API_URL, now {ApiUrl})",
                    ConnectionFailure.DetailOf(ex), Volatile.Read(ref attempts), clock.Elapsed, Options.Timeout);
                throw new SoDataApiException(method.Method, relative, null, null, failure.Message(display), ex, failure);
            }

            using (response)
            {
                byte[] body = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) throw ToApiException(method.Method, relative, response, body, Volatile.Read(ref attempts), clock.Elapsed);
                return new ApiResponse((int)response.StatusCode, response.Content?.Headers.ContentType?.MediaType, body, method.Method, relative);
            }
        }

        /// <summary>
        /// Sends through the session's throttle (which owns admission and the wait for throttled answers, see
        /// <see cref="SessionThrottle.SendAsync"/>); each time through, the retry policy handles other failures.
        /// </summary>
        private Task<HttpResponseMessage> SendThrottledAsync(HttpMethod method, Uri uri, string relative, string? jsonBody, Action onAttempt, CancellationToken cancellationToken)
        {
            string display = $"{method.Method} {relative}";
            bool idempotent = RetryPolicy.IsIdempotent(method);
            return Throttle.SendAsync(display, Options, (throttledBefore, token) =>
                {
                    int attempts = 0;
                    return _retries.ExecuteAsync(display, idempotent, attemptToken =>
                    {
                        Throttle.CountRequest(retry: attempts++ > 0 || throttledBefore);
                        if (!throttledBefore) onAttempt(); // throttled rounds spend the time budget, not -MaxRetries
                        return SendWithTokenAsync(method, uri, jsonBody, attemptToken);
                    }, token);
                },
                async (response, message) =>
                {
                    byte[] body = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    return new SoDataApiException(method.Method, relative, (int)response.StatusCode, ApiResponse.ErrorMessageOf(body), message);
                },
                cancellationToken);
        }

        public async Task<T> GetAsync<T>(string path, IEnumerable<KeyValuePair<string, string?>>? query, CancellationToken cancellationToken)
        {
            ApiResponse response = await SendAsync(HttpMethod.Get, path, query, null, cancellationToken).ConfigureAwait(false);
            return response.Read<T>();
        }

        public async Task<T> PutAsync<T>(string path, object body, CancellationToken cancellationToken)
        {
            string json = JsonSerializer.Serialize(body, body.GetType(), Json.Options);
            ApiResponse response = await SendAsync(HttpMethod.Put, path, null, json, cancellationToken).ConfigureAwait(false);
            return response.Read<T>();
        }

        /// <summary>Reads one page of a take/skip listing.</summary>
        public Task<Page<T>> GetPageAsync<T>(string path, IEnumerable<KeyValuePair<string, string?>>? query, long skip, int take, CancellationToken cancellationToken)
        {
            var pageQuery = new List<KeyValuePair<string, string?>>
            {
                new KeyValuePair<string, string?>("take", take.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string?>("skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            if (query != null) pageQuery.AddRange(query);
            return ReadPageAsync<T>(path, pageQuery, cancellationToken);
        }

        private async Task<Page<T>> ReadPageAsync<T>(string path, List<KeyValuePair<string, string?>> query, CancellationToken cancellationToken)
        {
            Page<T> page = await GetAsync<Page<T>>(path, query, cancellationToken).ConfigureAwait(false);
            page.Route = "GET " + path.TrimStart('/');
            return page;
        }

        private async Task<HttpResponseMessage> SendWithTokenAsync(HttpMethod method, Uri uri, string? jsonBody, CancellationToken cancellationToken)
        {
            string token = await _tokens.GetAccessTokenAsync(null, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response = await SendOnceAsync(method, uri, jsonBody, token, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || !_tokens.CanRenew) return response;

            // The token was refused although we thought it valid (revoked, clock skew): renew once and replay.
            response.Dispose();
            Diagnostics.Verbose($"{method.Method} {uri.AbsolutePath} answered 401: renewing the access token and replaying once.");
            string renewed = await _tokens.GetAccessTokenAsync(token, cancellationToken).ConfigureAwait(false);
            return await SendOnceAsync(method, uri, jsonBody, renewed, cancellationToken).ConfigureAwait(false);
        }

        private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, string? jsonBody, string token, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (jsonBody != null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
            // The default completion option reads the whole body inside the attempt, so a connection dropped
            // mid-response is retried like any other transient failure.
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private Uri BuildUri(string relative, IEnumerable<KeyValuePair<string, string?>>? query)
        {
            var builder = new StringBuilder(relative);
            if (query != null)
            {
                char separator = relative.Contains("?") ? '&' : '?';
                foreach (KeyValuePair<string, string?> pair in query.Where(p => p.Value != null))
                {
                    builder.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value!));
                    separator = '&';
                }
            }
            return new Uri(ApiUrl, builder.ToString());
        }

        private static SoDataApiException ToApiException(string method, string path, HttpResponseMessage response, byte[] body, int attempts, TimeSpan elapsed)
        {
            int status = (int)response.StatusCode;
            string? mediaType = response.Content?.Headers.ContentType?.MediaType;
            string? apiMessage = ApiResponse.ErrorMessageOf(body, mediaType);
            string text = apiMessage ?? response.ReasonPhrase ?? ((HttpStatusCode)status).ToString();
            if (status >= 300 && status < 400)
            {
                // Not followed (AllowAutoRedirect is off): the token stays on the API's routes.
                string location = response.Headers.Location?.ToString() ?? "no Location";
                return new SoDataApiException(method, path, status, apiMessage,
                    $"{method} {path} was redirected ({status} {response.ReasonPhrase}) to {BodyText.Excerpt(location)}, which the module does not follow: " +
                    "the session's token is sent only to its -ApiUrl. If the API has moved, run Connect-SoData with its new -ApiUrl.");
            }
            if (apiMessage == null && BodyText.Describe(body, mediaType) is { } what) text += ", " + what;
            string after = attempts > 1
                ? $" (after {attempts} attempts over {elapsed.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s)"
                : string.Empty;
            return new SoDataApiException(method, path, status, apiMessage, $"{method} {path} failed with {status} {response.ReasonPhrase}: {text}{after}");
        }

        public void Dispose()
        {
            if (_ownsHttp) _http.Dispose();
        }
    }
}
