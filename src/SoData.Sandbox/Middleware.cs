using System.Text;

namespace SoData.Sandbox;

/// <summary>The request pipeline pieces that are not routes: latency, stats, injected faults, bearer check, error mapping.</summary>
public static class Middleware
{
    private const string ApiPrefix = "/api/v1";

    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase);

    public static void UseLatency(this WebApplication app, SandboxOptions o)
    {
        if (o.LatencyMs <= 0) return;
        app.Use(async (http, next) =>
        {
            await Task.Delay(o.LatencyMs, http.RequestAborted);
            await next(http);
        });
    }

    /// <summary>
    /// Runs after routing so the matched route template is known; counts before any fault is injected, and counts the
    /// requests of each route being answered at once (before the latency, so that it is inside their time).
    /// </summary>
    public static void UseStats(this WebApplication app, SandboxOptions o, Stats stats)
    {
        var tokenPath = Auth.TokenPath(o);
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            var method = http.Request.Method;
            if (!path.StartsWithSegments("/_sandbox")) stats.Log(method, Hostile.RawTarget(http));
            string? key = null;
            if (path.Equals(tokenPath, StringComparison.OrdinalIgnoreCase))
                key = $"{method} token";
            else if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
            {
                if (!template.StartsWith("/_sandbox", StringComparison.Ordinal))
                    key = $"{method} {template}";
            }
            else if (!path.StartsWithSegments("/_sandbox"))
                key = $"{method} (unmatched)";
            if (key == null)
            {
                await next(http);
                return;
            }
            stats.Request(key);
            using (stats.Answering(key)) await next(http);
        });
    }

    /// <summary>
    /// --rate-limit: a token bucket over every /api/v1 call (not the token endpoint, not /_sandbox); an empty bucket is
    /// 429 with Retry-After. DELETE /_sandbox/rate-limit lifts the limit, to show a client speeding up again.
    /// </summary>
    public static void UseRateLimit(this WebApplication app, SandboxOptions o, Stats stats)
    {
        TokenBucket? bucket = o.RateLimit > 0 ? new TokenBucket(o.RateLimit, o.RateBurst ?? SandboxOptions.DefaultBurst(o.RateLimit)) : null;
        app.MapDelete("/_sandbox/rate-limit", () =>
        {
            Volatile.Write(ref bucket, null);
            return Results.NoContent();
        });
        if (bucket is null) return;
        app.Use(async (http, next) =>
        {
            if (!IsApi(http) || Volatile.Read(ref bucket)?.TryTake() is not int retryAfter)
            {
                await next(http);
                return;
            }
            stats.Fault("ratelimit");
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Json.WriteErrorAsync(http, 429, $"Too many requests: this API allows {o.RateLimit:0.##} requests per second (sandbox --rate-limit)");
        });
    }

    /// <summary>Injected failures for resilience tests, on /api/v1 only (never the token endpoint or /_sandbox).</summary>
    public static void UseFaults(this WebApplication app, SandboxOptions o, Stats stats)
    {
        if (o.FaultRate + o.ThrottleRate + o.DropRate + o.SlowRate <= 0) return;
        var streaks = new FaultStreaks(o.FaultStreak);
        app.Use(async (http, next) =>
        {
            if (!IsApi(http) || (o.FaultPath != null && http.Request.Path.Value?.Contains(o.FaultPath, StringComparison.OrdinalIgnoreCase) != true))
            {
                await next(http);
                return;
            }
            var request = streaks.Enabled ? await FaultStreaks.KeyOfAsync(http.Request) : "";
            if (!streaks.MayFault(request))
            {
                streaks.Served(request);
                await next(http);
                return;
            }
            if (o.SlowRate > 0 && Random.Shared.NextDouble() < o.SlowRate)
            {
                stats.Fault("slow");
                try
                {
                    await Task.Delay(o.SlowMs, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    streaks.Faulted(request);
                    return; // the client gave up (its timeout): nothing left to answer
                }
            }
            var r = Random.Shared.NextDouble();
            if (r < o.FaultRate + o.ThrottleRate + o.DropRate)
                streaks.Faulted(request);
            else
                streaks.Served(request);
            if (r < o.FaultRate)
            {
                stats.Fault("fault");
                await Json.WriteErrorAsync(http, 503, "Service temporarily unavailable (sandbox fault injection)");
            }
            else if (r < o.FaultRate + o.ThrottleRate)
            {
                stats.Fault("throttle");
                http.Response.Headers.RetryAfter = "1";
                await Json.WriteErrorAsync(http, 429, "Too many requests (sandbox fault injection)");
            }
            else if (r < o.FaultRate + o.ThrottleRate + o.DropRate)
            {
                stats.Fault("drop");
                // Start a plausible body, make sure it reaches the wire, then cut the connection.
                http.Response.StatusCode = 200;
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"total\": 1, \"results\": [{\"uuid\": \""));
                await http.Response.Body.FlushAsync();
                http.Abort();
            }
            else
            {
                await next(http);
            }
        });
    }

    /// <summary>Bearer validation for /api/v1 and the API's JSON error shape for bad input and unknown objects.</summary>
    public static void UseApiGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!IsApi(http))
            {
                await next(http);
                return;
            }
            if (!await Auth.AuthorizeApiAsync(http))
                return;
            try
            {
                await next(http);
            }
            catch (BadRequestException e) when (!http.Response.HasStarted)
            {
                await Json.WriteErrorAsync(http, 400, e.Message);
            }
            catch (NotFoundException e) when (!http.Response.HasStarted)
            {
                await Json.WriteErrorAsync(http, 404, e.Message);
            }
            catch (BadHttpRequestException e) when (!http.Response.HasStarted)
            {
                await Json.WriteErrorAsync(http, 400, e.Message);
            }
            if (http.Response.StatusCode == 404 && !http.Response.HasStarted && http.GetEndpoint() is null)
                await Json.WriteErrorAsync(http, 404, $"No route for {http.Request.Method} {http.Request.Path}");
        });
    }
}
