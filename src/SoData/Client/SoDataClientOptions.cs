using System;
using System.Net;

namespace SoData.Client
{
    /// <summary>How a client reaches the API and how hard it tries.</summary>
    public sealed class SoDataClientOptions
    {
        public SoDataClientOptions(Uri apiUrl) => ApiUrl = apiUrl;

        public Uri ApiUrl { get; }

        /// <summary>Retries after the first attempt for transient failures (408, 5xx, connection failures, timeouts); throttling spends <see cref="MaxThrottleWait"/> instead.</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>The limit on one attempt, response body included.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// How long one request may wait, in total, while the server throttles it (429, or 503 with Retry-After) before
        /// it fails; a throttled request is sent again as often as fits, without spending <see cref="MaxRetries"/>.
        /// </summary>
        public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>An explicit proxy; null means the system proxy.</summary>
        public IWebProxy? Proxy { get; set; }
    }
}
