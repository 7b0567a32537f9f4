using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SoData.Client
{
    /// <summary>
    /// The retry policy of every API call: retry 429 (honouring Retry-After), 408, 500, 502, 503, 504,
    /// connection failures and attempt timeouts, with exponential backoff and jitter; each attempt has a timeout.
    /// </summary>
    internal static class ResiliencePolicy
    {
        public static ResiliencePipeline<HttpResponseMessage> Build(SoDataClientOptions options)
        {
            return new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    // Polly wants at least one attempt configured; with MaxRetries 0, ShouldHandle turns retries off.
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.MaxRetryDelay,
                    ShouldHandle = args => new ValueTask<bool>(options.MaxRetries > 0 && IsTransient(args.Outcome)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result)),
                    OnRetry = args =>
                    {
                        string what = args.Outcome.Result != null
                            ? $"{(int)args.Outcome.Result.StatusCode} {args.Outcome.Result.ReasonPhrase}"
                            : args.Outcome.Exception?.GetType().Name + ": " + args.Outcome.Exception?.Message;
                        string request = args.Context.Properties.TryGetValue(RequestKey, out string? r) ? r : "request";
                        Diagnostics.Verbose($"{request} failed ({what}); retry {args.AttemptNumber + 1} of {options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.##} s.");
                        return default;
                    },
                })
                .AddTimeout(options.Timeout)
                .Build();
        }

        /// <summary>"GET api/v1/ca", carried in the resilience context so retries can say what they retry.</summary>
        public static readonly ResiliencePropertyKey<string> RequestKey = new ResiliencePropertyKey<string>("SoData.Request");

        public static bool IsTransientStatus(HttpStatusCode status)
        {
            int code = (int)status;
            return code == 429 || code == 408 || code == 500 || code == 502 || code == 503 || code == 504;
        }

        private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Exception != null)
                return outcome.Exception is HttpRequestException
                    || outcome.Exception is TimeoutRejectedException
                    || outcome.Exception is System.IO.IOException;
            return outcome.Result != null && IsTransientStatus(outcome.Result.StatusCode);
        }

        /// <summary>The server's Retry-After, when it sent one (seconds or a date); null lets the backoff decide.</summary>
        private static TimeSpan? RetryAfter(HttpResponseMessage? response)
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
    }
}
