using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Client
{
    /// <summary>
    /// What every API call goes through to be retried. The implementation (Polly) lives in SoData.Resilience.dll,
    /// loaded in isolation by <see cref="RetryPolicyLoader"/>.
    /// </summary>
    internal interface IRetryPolicy
    {
        /// <summary>
        /// Runs <paramref name="attempt"/> until it succeeds or is not worth retrying. An attempt that times out
        /// surfaces as <see cref="TimeoutException"/> once retries are spent. A request that is not
        /// <paramref name="idempotent"/> is retried only when the server said it did not act on it (429, 503).
        /// </summary>
        Task<HttpResponseMessage> ExecuteAsync(string request, bool idempotent, Func<CancellationToken, Task<HttpResponseMessage>> attempt, CancellationToken cancellationToken);
    }

    internal static class RetryPolicy
    {
        /// <summary>
        /// GET, PUT (the datapoints query is a PUT that reads), DELETE, HEAD and OPTIONS may be sent twice without harm;
        /// POST and PATCH may not, since a timed-out or dropped attempt may have been carried out.
        /// </summary>
        public static bool IsIdempotent(HttpMethod method) =>
            method != HttpMethod.Post && !string.Equals(method.Method, "PATCH", StringComparison.OrdinalIgnoreCase);

        /// <summary>The statuses by which a server says it did not act on a request: safe to retry whatever the method.</summary>
        public static bool IsRefusedUnprocessed(HttpStatusCode status) => (int)status == 429 || (int)status == 503;

        /// <summary>
        /// An answer by which the server throttles: 429, or 503 with Retry-After. It did not act on the request; the
        /// session's throttle waits and sends it again (within MaxThrottleWait), so the retry policy leaves it alone.
        /// </summary>
        public static bool IsThrottled(HttpResponseMessage response) =>
            (int)response.StatusCode == 429 || ((int)response.StatusCode == 503 && response.Headers.RetryAfter != null);

        /// <summary>The server's Retry-After, when it sent one (seconds or a date); null otherwise.</summary>
        public static TimeSpan? RetryAfterOf(HttpResponseMessage? response)
        {
            var retryAfter = response?.Headers.RetryAfter;
            if (retryAfter == null) return null;
            if (retryAfter.Delta.HasValue) return retryAfter.Delta.Value;
            if (retryAfter.Date.HasValue)
            {
                TimeSpan wait = retryAfter.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        /// <summary>The statuses worth another attempt: throttled, timed out, or a server or gateway failure.</summary>
        public static bool IsTransientStatus(HttpStatusCode status)
        {
            int code = (int)status;
            return code == 429 || code == 408 || code == 500 || code == 502 || code == 503 || code == 504;
        }
    }
}
