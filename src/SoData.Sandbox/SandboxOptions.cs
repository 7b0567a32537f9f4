using System.Globalization;

namespace SoData.Sandbox;

/// <summary>Command line options of the sandbox. Defaults match DESIGN.md so a bare start works for the demo.</summary>
public sealed class SandboxOptions
{
    public int Port { get; set; } = 5080;
    public string Host { get; set; } = "127.0.0.1";
    public string Realm { get; set; } = "Socomec";
    public string ClientId { get; set; } = "sodata-sandbox";
    public string ClientSecret { get; set; } = "sandbox-secret";
    public string Username { get; set; } = "admin@sandbox.local";
    public string Password { get; set; } = "sandbox";
    public int Seed { get; set; } = 1;
    public int CorporateAccounts { get; set; } = 2;
    public int Customers { get; set; } = 3;
    public int Sites { get; set; } = 2;
    public int Devices { get; set; } = 3;
    public int Variables { get; set; } = 12;
    public int MaxTake { get; set; } = 100;
    public int SamplePeriod { get; set; } = 300;
    public int MaxPoints { get; set; } = 200_000;
    public int LatencyMs { get; set; }
    public int AccessTokenLifetime { get; set; } = 300;
    public int RefreshTokenLifetime { get; set; } = 1800;
    /// <summary>The expires_in / refresh_expires_in token responses state, when not the real lifetimes (null).</summary>
    public int? StatedAccessTokenLifetime { get; set; }
    public int? StatedRefreshTokenLifetime { get; set; }
    public double FaultRate { get; set; }
    public double ThrottleRate { get; set; }
    public double DropRate { get; set; }
    public double SlowRate { get; set; }
    public int SlowMs { get; set; } = 30_000;
    public int FaultStreak { get; set; }
    public double RateLimit { get; set; }
    public int? RateBurst { get; set; }

    /// <summary>The burst when --rate-burst is not given: one second's worth of requests.</summary>
    public static int DefaultBurst(double rate) => Math.Max(1, (int)Math.Ceiling(rate));

    /// <summary>--late-devices: the share of devices whose points become visible only --late-hours after their timestamp.</summary>
    public double LateDevices { get; set; }
    public double LateHours { get; set; } = 6;
    // Hostile servers (Hostile.cs): null lists, ignored skip, an HTML page, uuids that are not route segments.
    public bool NullLists { get; set; }
    public bool IgnoreSkip { get; set; }
    public int? HtmlPage { get; set; }
    public string? BadCaUuid { get; set; }
    public string? BadDeviceUuid { get; set; }
    public string? HostilePath { get; set; }

    /// <summary>When set, faults are injected only on /api/v1 paths containing this text (e.g. "datapoints").</summary>
    public string? FaultPath { get; set; }

    public const string Usage = """
        Usage: SoData.Sandbox [--name value]...
          --port 5080                 0 = pick a free port
          --host 127.0.0.1
          --realm Socomec
          --client-id sodata-sandbox  --client-secret sandbox-secret
          --username admin@sandbox.local  --password sandbox
          --seed 1                    same seed, same fleet (uuids and names)
          --corporate-accounts 2  --customers 3  --sites 2  --devices 3  --variables 12 (>= 7)
          --max-take 100              cap on the take query parameter
          --sample-period 300         seconds between raw datapoints
          --max-points 200000         max datapoints in one datapoints response
          --latency-ms 0              added to every request
          --access-token-lifetime 300  --refresh-token-lifetime 1800   (seconds)
          --stated-access-token-lifetime N  --stated-refresh-token-lifetime N
                                      expires_in / refresh_expires_in of token responses, if not the
                                      real lifetimes: a client then renews tokens the server still takes
          --fault-rate 0  --throttle-rate 0  --drop-rate 0  --slow-rate 0   (fractions 0..1, /api/v1 only)
          --slow-ms 30000
          --fault-path TEXT           inject faults only on /api/v1 paths containing TEXT (e.g. datapoints)
          --fault-streak 0            0 = no cap; N = a request failed N times in a row (same method,
                                      path, query and body) is served on its next attempt, so a client
                                      with at least N retries always gets through
          --rate-limit 0              requests per second allowed on /api/v1 (a token bucket, as a gateway
                                      would); beyond it, 429 with an integer Retry-After. 0 = no limit
          --late-devices 0            share of devices (0..1) whose points appear only --late-hours after
          --late-hours 6              their timestamp (late uploads); PUT /_sandbox/clock {"now": ...} sets
                                      the server's now: points exist only up to it
          --rate-burst R              the bucket's size: calls allowed at once after a pause (default: the rate)
          --null-lists true           lists sent as null: listings' results, datapoints' series, last values' values
          --ignore-skip true          listings ignore skip: the same first page every time
          --html-page STATUS          /api/v1 answers an HTML page with this status (200: a captive portal's sign-in
                                      page; 502: a gateway's error page)
          --bad-ca-uuid TEXT          the first corporate account is listed with this uuid (e.g. .., a/b, %2e%2e)
          --bad-device-uuid TEXT      the first device of a device listing is listed with this uuid
          --hostile-path TEXT[,TEXT]  the five switches above only on /api/v1 paths containing one of the TEXTs
                                      (a connection reset mid-body is --drop-rate 1, with --fault-path)
        """;

    /// <summary>Parses <c>--name value</c> pairs. Returns null and sets <paramref name="error"/> on any problem.</summary>
    public static SandboxOptions? Parse(string[] args, out string? error)
    {
        var o = new SandboxOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = i + 1 >= args.Length && name.StartsWith("--", StringComparison.Ordinal)
                    ? $"Option '{name}' needs a value."
                    : $"Unexpected argument '{name}'.";
                return null;
            }
            var value = args[++i];
            try
            {
                switch (name.ToLowerInvariant())
                {
                    case "--port": o.Port = Int(value, 0, 65535); break;
                    case "--host": o.Host = value; break;
                    case "--realm": o.Realm = value; break;
                    case "--client-id": o.ClientId = value; break;
                    case "--client-secret": o.ClientSecret = value; break;
                    case "--username": o.Username = value; break;
                    case "--password": o.Password = value; break;
                    case "--seed": o.Seed = Int(value, int.MinValue, int.MaxValue); break;
                    case "--corporate-accounts": o.CorporateAccounts = Int(value, 1, 1000); break;
                    case "--customers": o.Customers = Int(value, 1, 10_000); break;
                    case "--sites": o.Sites = Int(value, 1, 10_000); break;
                    case "--devices": o.Devices = Int(value, 1, 10_000); break;
                    case "--variables": o.Variables = Int(value, 7, 10_000); break;
                    case "--max-take": o.MaxTake = Int(value, 1, 1_000_000); break;
                    case "--sample-period": o.SamplePeriod = Int(value, 1, 86_400 * 366); break;
                    case "--max-points": o.MaxPoints = Int(value, 1, int.MaxValue); break;
                    case "--latency-ms": o.LatencyMs = Int(value, 0, 600_000); break;
                    case "--access-token-lifetime": o.AccessTokenLifetime = Int(value, 1, int.MaxValue); break;
                    case "--refresh-token-lifetime": o.RefreshTokenLifetime = Int(value, 1, int.MaxValue); break;
                    case "--stated-access-token-lifetime": o.StatedAccessTokenLifetime = Int(value, 0, int.MaxValue); break;
                    case "--stated-refresh-token-lifetime": o.StatedRefreshTokenLifetime = Int(value, 0, int.MaxValue); break;
                    case "--fault-rate": o.FaultRate = Rate(value); break;
                    case "--throttle-rate": o.ThrottleRate = Rate(value); break;
                    case "--drop-rate": o.DropRate = Rate(value); break;
                    case "--slow-rate": o.SlowRate = Rate(value); break;
                    case "--slow-ms": o.SlowMs = Int(value, 0, 3_600_000); break;
                    case "--fault-streak": o.FaultStreak = Int(value, 0, 1000); break;
                    case "--fault-path": o.FaultPath = value; break;
                    case "--rate-limit": o.RateLimit = Positive(value); break;
                    case "--late-devices": o.LateDevices = Rate(value); break;
                    case "--late-hours": o.LateHours = Hours(value); break;
                    case "--rate-burst": o.RateBurst = Int(value, 1, 1_000_000); break;
                    case "--null-lists": o.NullLists = Bool(value); break;
                    case "--ignore-skip": o.IgnoreSkip = Bool(value); break;
                    case "--html-page": o.HtmlPage = Int(value, 200, 599); break;
                    case "--bad-ca-uuid": o.BadCaUuid = value; break;
                    case "--bad-device-uuid": o.BadDeviceUuid = value; break;
                    case "--hostile-path": o.HostilePath = value; break;
                    default: error = $"Unknown option '{name}'."; return null;
                }
            }
            catch (FormatException e)
            {
                error = $"Bad value for {name}: {e.Message}";
                return null;
            }
        }
        if (o.RateBurst.HasValue && o.RateLimit <= 0)
        {
            error = "--rate-burst needs --rate-limit (requests per second, above 0).";
            return null;
        }
        if (o.FaultRate + o.ThrottleRate + o.DropRate > 1)
        {
            error = "--fault-rate + --throttle-rate + --drop-rate must not exceed 1.";
            return null;
        }
        return o;
    }

    private static int Int(string s, int min, int max)
    {
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new FormatException($"'{s}' is not an integer in [{min}, {max}].");
        return v;
    }

    private static bool Bool(string s) =>
        bool.TryParse(s, out var b) ? b : throw new FormatException($"'{s}' is not true or false.");

    private static double Positive(string s)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || v > 1_000_000)
            throw new FormatException($"'{s}' is not a number of requests per second above 0 (at most 1000000).");
        return v;
    }

    private static double Hours(string s)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || v > 24 * 366)
            throw new FormatException($"'{s}' is not a number of hours in [0, 8784].");
        return v;
    }

    private static double Rate(string s)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || v > 1)
            throw new FormatException($"'{s}' is not a number in [0, 1].");
        return v;
    }
}
