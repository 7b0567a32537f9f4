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
    public interface IRetryPolicy
    {
        /// <summary>
        /// Runs <paramref name="attempt"/> until it succeeds or is not worth retrying. An attempt that times out
        /// surfaces as <see cref="TimeoutException"/> once retries are spent.
        /// </summary>
        Task<HttpResponseMessage> ExecuteAsync(string request, Func<CancellationToken, Task<HttpResponseMessage>> attempt, CancellationToken cancellationToken);
    }

    public static class RetryPolicy
    {
        /// <summary>The statuses worth another attempt: throttled, timed out, or a server or gateway failure.</summary>
        public static bool IsTransientStatus(HttpStatusCode status)
        {
            int code = (int)status;
            return code == 429 || code == 408 || code == 500 || code == 502 || code == 503 || code == 504;
        }
    }
}
