using System;
using System.Net;

namespace SoData.Client
{
    /// <summary>How a client reaches the API and how hard it tries.</summary>
    public sealed class SoDataClientOptions
    {
        public SoDataClientOptions(Uri apiUrl) => ApiUrl = apiUrl;

        public Uri ApiUrl { get; }

        /// <summary>Retries after the first attempt for transient failures (429, 408, 5xx, connection failures, timeouts).</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>The limit on one attempt, response body included.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>An explicit proxy; null means the system proxy.</summary>
        public IWebProxy? Proxy { get; set; }
    }
}
