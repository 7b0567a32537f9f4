using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SoData.Client;
using SoData.Net;

namespace SoData.Resilience
{
    /// <summary>
    /// The retry policy of every API call: retry 408, 500, 502, 503, 504, connection failures and attempt timeouts,
    /// with exponential backoff and jitter; each attempt has a timeout. Throttled answers (429, 503 with Retry-After)
    /// are returned as they are: the session's throttle (SessionThrottle) waits for them, on a time budget.
    /// Created by SoData.dll through reflection (see RetryPolicyLoader); nothing of Polly leaks out of this class.
    /// </summary>
    public sealed class PollyRetryPolicy : IRetryPolicy
    {
        private static readonly ResiliencePropertyKey<string> RequestKey = new ResiliencePropertyKey<string>("SoData.Request");
        private static readonly ResiliencePropertyKey<bool> IdempotentKey = new ResiliencePropertyKey<bool>("SoData.Idempotent");
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly TimeSpan _timeout;

        public PollyRetryPolicy(SoDataClientOptions options)
        {
            _timeout = options.Timeout;
            _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    // Polly wants at least one attempt configured; with MaxRetries 0, ShouldHandle turns retries off.
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.MaxRetryDelay,
                    ShouldHandle = args => new ValueTask<bool>(options.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(RetryPolicy.RetryAfterOf(args.Outcome.Result)),
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

        public async Task<HttpResponseMessage> ExecuteAsync(string request, bool idempotent, Func<CancellationToken, Task<HttpResponseMessage>> attempt, CancellationToken cancellationToken)
        {
            ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestKey, request);
            context.Properties.Set(IdempotentKey, idempotent);
            try
            {
                return await _pipeline.ExecuteAsync(
                    (ctx, send) => new ValueTask<HttpResponseMessage>(send(ctx.CancellationToken)),
                    context,
                    attempt).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                // A BCL exception, so callers need no reference to Polly.
                throw new TimeoutException($"{request} timed out after {_timeout.TotalSeconds:0.##} s.", ex);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            if (outcome.Result != null && RetryPolicy.IsThrottled(outcome.Result)) return false;
            bool idempotent = !context.Properties.TryGetValue(IdempotentKey, out bool value) || value;
            if (idempotent) return IsTransient(outcome);
            return outcome.Result != null && RetryPolicy.IsRefusedUnprocessed(outcome.Result.StatusCode);
        }

        private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Exception != null)
                return outcome.Exception is HttpRequestException
                    || outcome.Exception is TimeoutRejectedException
                    || outcome.Exception is System.IO.IOException;
            return outcome.Result != null && RetryPolicy.IsTransientStatus(outcome.Result.StatusCode);
        }
    }
}
