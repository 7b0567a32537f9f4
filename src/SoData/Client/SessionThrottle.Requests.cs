using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SoData.Net;

namespace SoData.Client
{
    public sealed partial class SessionThrottle
    {
        /// <summary>
        /// Sends one request through the throttle. A throttled answer (429, or 503 with Retry-After: the server did not
        /// act on the request) holds the whole session back for its Retry-After, and the request goes again when it has
        /// passed, as often as fits in <see cref="SoDataClientOptions.MaxThrottleWait"/>; other failures are the retry
        /// policy's, inside <paramref name="send"/>.
        /// </summary>
        /// <param name="display">"GET api/v1/ca", for messages.</param>
        /// <param name="send">Sends the request once (with its retries); told whether it was throttled before, for the counts.</param>
        /// <param name="overBudget">The exception to throw, from the last throttled answer and the message saying why.</param>
        internal async Task<HttpResponseMessage> SendAsync(string display, SoDataClientOptions options, Func<bool, CancellationToken, Task<HttpResponseMessage>> send,
            Func<HttpResponseMessage, string, Task<Exception>> overBudget, CancellationToken cancellationToken)
        {
            int throttled = 0;
            TimeSpan firstThrottledAt = TimeSpan.Zero;
            while (true)
            {
                Slot slot = await EnterAsync(cancellationToken).ConfigureAwait(false);
                HttpResponseMessage response;
                try
                {
                    response = await send(throttled > 0, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    slot.Dispose();
                    throw;
                }

                if (!RetryPolicy.IsThrottled(response))
                {
                    // A server failure left after the retries teaches the throttle nothing; any other answer means "not throttled".
                    if ((int)response.StatusCode >= 500) slot.Dispose();
                    else slot.Succeeded(change => Diagnostics.Verbose($"{display} succeeded and {change}"));
                    return response;
                }

                throttled++;
                TimeSpan now = Clock.Now;
                if (throttled == 1) firstThrottledAt = now;
                TimeSpan waited = now - firstThrottledAt;
                TimeSpan wait = ThrottleWait(options, RetryPolicy.RetryAfterOf(response), throttled);
                string status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                slot.Throttled(wait, change => Diagnostics.Verbose($"{display} answered {status}, so {change}"));
                if (waited + wait > options.MaxThrottleWait)
                {
                    using (response)
                    {
                        throw await overBudget(response,
                            $"{display} failed: the server throttled it {Times(throttled)} over {Describe(waited)} (last {status}, Retry-After {Describe(wait)}), " +
                            $"more than the {Describe(options.MaxThrottleWait)} it may wait (Connect-SoData -MaxThrottleWaitSec). Try again later, or allow a longer wait.").ConfigureAwait(false);
                    }
                }
                response.Dispose();
                Diagnostics.Verbose($"{display} answered {status}: the session waits {Describe(wait)} (Retry-After) and sends it again; throttled {Times(throttled)}, waited {Describe(waited)} of {Describe(options.MaxThrottleWait)}.");
            }
        }

        /// <summary>
        /// The wait after a throttled answer: the server's Retry-After; without one, or with one under a second (a server
        /// saying "now" while it keeps throttling must not be hammered), the retry delays, doubling per throttled answer.
        /// </summary>
        private static TimeSpan ThrottleWait(SoDataClientOptions options, TimeSpan? retryAfter, int throttled)
        {
            if (retryAfter >= TimeSpan.FromSeconds(1)) return retryAfter.Value;
            double seconds = Math.Min(options.RetryBaseDelay.TotalSeconds * Math.Pow(2, Math.Min(throttled - 1, 20)), options.MaxRetryDelay.TotalSeconds);
            TimeSpan backoff = TimeSpan.FromSeconds(seconds);
            return retryAfter > backoff ? retryAfter.Value : backoff;
        }

        private static string Times(int count) => count == 1 ? "once" : $"{count} times";

        internal static string Describe(TimeSpan span)
        {
            if (span.TotalSeconds < 60) return span.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";
            return span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalHours} h {span.Minutes} min";
        }
    }
}
