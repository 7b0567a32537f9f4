using System.Globalization;
using System.Text.Json;

namespace SoData.Sandbox;

/// <summary>
/// The sandbox's sense of "now", for tests of recurring jobs: a clock a test sets (PUT /_sandbox/clock), so that a
/// points only exist up to then and nights can pass in a second; and late devices (--late-devices, --late-hours),
/// whose points become visible only some hours after their timestamp, as gateways that upload a buffer when their
/// connection comes back. Without a set clock and without late devices every point exists, past and future, as before.
/// </summary>
public sealed class ServerClock(SandboxOptions options)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SandboxOptions, ServerClock> Clocks = new();

    /// <summary>The clock of the sandbox started with <paramref name="options"/> (one per sandbox, as its options).</summary>
    public static ServerClock Of(SandboxOptions options) => Clocks.GetValue(options, o => new ServerClock(o));

    private long _nowTicks; // 0: the real time
    private HashSet<string>? _late;

    /// <summary>The clock's time: the one a test set, else the real time.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var ticks = Interlocked.Read(ref _nowTicks);
            return ticks == 0 ? DateTimeOffset.UtcNow : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>True when a test set the clock.</summary>
    public bool IsSet => Interlocked.Read(ref _nowTicks) != 0;

    public void Set(DateTimeOffset? now) => Interlocked.Exchange(ref _nowTicks, now?.UtcTicks ?? 0);

    /// <summary>
    /// The late devices: --late-devices of the fleet's devices (rounded, at least one when above 0), chosen by a hash of
    /// their uuid so the same seed picks the same devices.
    /// </summary>
    public bool IsLate(Fleet fleet, Device device)
    {
        if (options.LateDevices <= 0) return false;
        if (_late == null)
        {
            var all = fleet.CorporateAccounts.SelectMany(ca => ca.Devices).OrderBy(d => Fleet.Hash(d.Uuid + "|late")).ToList();
            var count = Math.Max(1, (int)Math.Round(options.LateDevices * all.Count, MidpointRounding.AwayFromZero));
            _late = all.Take(count).Select(d => d.Uuid).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        return _late.Contains(device.Uuid);
    }

    /// <summary>
    /// The end (exclusive, Unix ms) of what exists of a device's series now: up to the clock, minus --late-hours for a
    /// late device. long.MaxValue when nothing limits it (no clock set, no late device).
    /// </summary>
    public long VisibleUntilMs(Fleet fleet, Device device)
    {
        var late = IsLate(fleet, device);
        if (!IsSet && !late) return long.MaxValue;
        var until = Now;
        if (late) until = until.AddHours(-options.LateHours);
        return until.ToUnixTimeMilliseconds() + 1; // a point at exactly "now" exists
    }

    /// <summary>GET, PUT ({"now": "2024-05-01T00:00:00Z"}) and DELETE (back to the real time) /_sandbox/clock.</summary>
    public void Map(WebApplication app)
    {
        app.MapGet("/_sandbox/clock", () => Json.Ok(new { now = Now.ToString("o", CultureInfo.InvariantCulture), set = IsSet }));
        app.MapPut("/_sandbox/clock", async (HttpContext http) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body);
            if (!doc.RootElement.TryGetProperty("now", out var now) || now.ValueKind != JsonValueKind.String ||
                !DateTimeOffset.TryParse(now.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                return Results.BadRequest(new { error = "Give {\"now\": \"<ISO 8601 time>\"}." });
            Set(time);
            return Results.NoContent();
        });
        app.MapDelete("/_sandbox/clock", () =>
        {
            Set(null);
            return Results.NoContent();
        });
    }
}

/// <summary>
/// Test switches on the datapoints route, set while the sandbox runs so a test picks the moment: an outage (after N
/// more datapoints requests, every one fails with 500 until lifted) and a hold (after N more, each one waits until
/// released, so a test can kill its client at that point). PUT /_sandbox/datapoints-outage?after=N, DELETE to lift;
/// PUT /_sandbox/datapoints-hold?after=N, GET for {"waiting": k}, DELETE to release.
/// </summary>
public sealed class DatapointsSwitches
{
    private int _outageAfter = -1;
    private int _holdAfter = -1;
    private int _waiting;
    private TaskCompletionSource _release = NewRelease();

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Map(WebApplication app)
    {
        app.MapPut("/_sandbox/datapoints-outage", (int after) =>
        {
            Volatile.Write(ref _outageAfter, Math.Max(0, after));
            return Results.NoContent();
        });
        app.MapDelete("/_sandbox/datapoints-outage", () =>
        {
            Volatile.Write(ref _outageAfter, -1);
            return Results.NoContent();
        });
        app.MapPut("/_sandbox/datapoints-hold", (int after) =>
        {
            Interlocked.Exchange(ref _release, NewRelease());
            Volatile.Write(ref _holdAfter, Math.Max(0, after));
            return Results.NoContent();
        });
        app.MapGet("/_sandbox/datapoints-hold", () => Json.Ok(new { waiting = Volatile.Read(ref _waiting) }));
        app.MapDelete("/_sandbox/datapoints-hold", () =>
        {
            Volatile.Write(ref _holdAfter, -1);
            Volatile.Read(ref _release).TrySetResult();
            return Results.NoContent();
        });

        app.Use(async (http, next) =>
        {
            if (!Middleware.IsApi(http) || http.Request.Method != "PUT" || http.Request.Path.Value?.EndsWith("/datapoints", StringComparison.OrdinalIgnoreCase) != true)
            {
                await next(http);
                return;
            }
            if (Passes(ref _outageAfter) == false)
            {
                await Json.WriteErrorAsync(http, 500, "Internal server error (sandbox datapoints outage)");
                return;
            }
            if (Passes(ref _holdAfter) == false)
            {
                Interlocked.Increment(ref _waiting);
                try
                {
                    await Volatile.Read(ref _release).Task.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client is gone (killed)
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
            await next(http);
        });
    }

    /// <summary>Null when the switch is off; true while requests still pass (counting them down); false once it is on.</summary>
    private static bool? Passes(ref int remaining)
    {
        while (true)
        {
            var value = Volatile.Read(ref remaining);
            if (value < 0) return null;
            if (value == 0) return false;
            if (Interlocked.CompareExchange(ref remaining, value - 1, value) == value) return true;
        }
    }
}
