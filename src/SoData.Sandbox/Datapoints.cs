using System.Globalization;
using System.Text.Json;

namespace SoData.Sandbox;

/// <summary>
/// Synthetic time series. A raw point exists at every multiple of the sample period since the Unix epoch
/// (no per-device offset: timestamps are exact multiples, which keeps client-side checks simple). Its value is a
/// pure function of (deviceUuid, streamRef, timestamp), so any client can recompute aggregates from raw points.
/// </summary>
public static class Signal
{
    public static double Value(Variable v, long unixSeconds) =>
        Value(v.Device.Uuid, v.StreamRef, v.Service, unixSeconds);

    public static double Value(string deviceUuid, string streamRef, ServiceDef service, long t)
    {
        var key = Fleet.Hash(deviceUuid + "|" + streamRef);
        var phase = (key & 0xFFFF) / 65535.0 * 2 * Math.PI;
        var level = ((key >> 16) & 0xFFFF) / 65535.0;
        var daily = Math.Sin(2 * Math.PI * Mod(t, 86_400) / 86_400.0 + phase);
        var noise = (Fleet.Mix(key ^ (ulong)t) >> 11) * (1.0 / (1UL << 53)); // uniform in [0, 1)

        double v;
        if (service.ServiceType is "Alarm" or "Status")
            v = noise > 0.97 ? 1 : 0;
        else
            v = service.Unit switch
            {
                "PERCENT" => Math.Clamp(25 + 35 * level + 15 * daily + (noise - 0.5) * 6, 0, 100),
                "AMPERE" => Math.Max(0, (40 + 160 * level) * (1 + 0.25 * daily) + (noise - 0.5) * 4),
                "VOLT" => 229 + 2 * level + 2 * daily + (noise - 0.5) * 2,
                "WATT" => Math.Max(0, (8_000 + 40_000 * level) * (1 + 0.25 * daily) + (noise - 0.5) * 200),
                "HERTZ" => 50 + (noise - 0.5) * 0.2,
                "CELSIUS" => 21 + 3 * level + 2 * daily + (noise - 0.5),
                _ => noise > 0.8 ? Math.Floor((noise - 0.8) * 20) : 0, // event counters (unit null)
            };
        return Math.Round(v, 1, MidpointRounding.AwayFromZero);
    }

    public static long Mod(long a, long m) => ((a % m) + m) % m;

    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}

public sealed record SeriesRequest(string DeviceUuid, string ItemType, string ItemIndex, string ServiceId, string? Aggregation);

public sealed record DatapointsRequest(
    string FromText, string ToText, string TimezoneText, bool UseDeviceLocalTimezone, string GranularityText,
    DateTimeOffset From, DateTimeOffset To, TimeZoneInfo TimeZone, string Granularity, IReadOnlyList<SeriesRequest> Series);

public sealed class BadRequestException(string message) : Exception(message);

public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The datapoints wire format (guide 5.8.3 / 7.1) and the aggregation engine, in one place.</summary>
public static class Datapoints
{
    public static readonly string[] Granularities = ["raw", "minute", "hour", "day", "week", "month", "year"];
    public static readonly string[] Aggregations = ["avg", "min", "max", "count", "sum", "var", "stdev"];

    /// <summary>A generous bound on raw points scanned for aggregation, so one request cannot pin a core for minutes.</summary>
    private const long MaxScannedPoints = 50_000_000;

    public static DatapointsRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new BadRequestException("The request body must be a JSON object.");

        var tzText = OptionalString(body, "timezone") ?? "UTC";
        var tz = FindTimeZone(tzText) ?? throw new BadRequestException($"Unknown timezone '{tzText}': use an IANA id such as 'UTC' or 'Europe/Paris'.");
        var fromText = RequiredString(body, "from");
        var toText = RequiredString(body, "to");
        var from = ParseDate("from", fromText, tz);
        var to = ParseDate("to", toText, tz);
        if (from >= to)
            throw new BadRequestException($"'from' ({fromText}) must be before 'to' ({toText}).");

        var useDeviceTz = false;
        if (body.TryGetProperty("useDeviceLocalTimezone", out var u) && u.ValueKind != JsonValueKind.Null)
        {
            if (u.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new BadRequestException("'useDeviceLocalTimezone' must be true or false.");
            useDeviceTz = u.GetBoolean();
        }

        var granText = RequiredString(body, "granularity");
        var gran = granText.ToLowerInvariant();
        if (!Granularities.Contains(gran))
            throw new BadRequestException($"Unknown granularity '{granText}': expected one of {string.Join(", ", Granularities)}.");

        if (!body.TryGetProperty("series", out var seriesEl) || seriesEl.ValueKind != JsonValueKind.Array || seriesEl.GetArrayLength() == 0)
            throw new BadRequestException("'series' must be a non-empty array.");

        var series = new List<SeriesRequest>();
        var i = 0;
        foreach (var s in seriesEl.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Object)
                throw new BadRequestException($"series[{i}] must be an object.");
            var agg = OptionalString(s, "aggregation");
            if (agg is "") agg = null;
            if (gran == "raw" && agg is not null && !agg.Equals("none", StringComparison.OrdinalIgnoreCase))
                throw new BadRequestException($"series[{i}]: aggregation is not allowed with granularity 'raw' (got '{agg}').");
            if (gran == "raw")
                agg = null;
            else if (agg is null)
                throw new BadRequestException($"series[{i}]: an aggregation ({string.Join(", ", Aggregations)}) is required with granularity '{granText}'.");
            else if (!Aggregations.Contains(agg.ToLowerInvariant()))
                throw new BadRequestException($"series[{i}]: unknown aggregation '{agg}': expected one of {string.Join(", ", Aggregations)}.");
            series.Add(new SeriesRequest(
                RequiredString(s, "deviceUuid", $"series[{i}]."),
                RequiredString(s, "itemType", $"series[{i}]."),
                RequiredString(s, "itemIndex", $"series[{i}]."),
                RequiredString(s, "serviceId", $"series[{i}]."),
                agg));
            i++;
        }

        return new DatapointsRequest(fromText, toText, tzText, useDeviceTz, granText, from, to, tz, gran, series);
    }

    /// <summary>
    /// Writes the response. Unknown devices are 404 (before anything is written); a series naming a variable the
    /// device lacks comes back with empty data. More than MaxPoints points in total is a 400.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, Fleet fleet, CorporateAccount ca, DatapointsRequest req, SandboxOptions options)
    {
        var resolved = new List<(SeriesRequest Request, Device Device, Variable? Variable)>();
        foreach (var s in req.Series)
        {
            var device = fleet.FindDevice(ca, s.DeviceUuid) ?? throw new NotFoundException($"Device '{s.DeviceUuid}' not found");
            var variable = device.Variables(fleet).FirstOrDefault(v =>
                v.Item.ItemType.Equals(s.ItemType, StringComparison.OrdinalIgnoreCase) &&
                v.Item.ItemIndex == s.ItemIndex.Trim() && v.Service.ServiceId == s.ServiceId.Trim());
            resolved.Add((s, device, variable));
        }

        var periodMs = options.SamplePeriod * 1000L;
        var fromMs = req.From.ToUnixTimeMilliseconds();
        var firstMs = Signal.FloorDiv(fromMs + periodMs - 1, periodMs) * periodMs; // first sample >= from
        // Each series ends at 'to', or earlier where the server clock or a late device says its points do not exist yet.
        var toMsOf = resolved.Select(r => Math.Min(req.To.ToUnixTimeMilliseconds(), ServerClock.Of(options).VisibleUntilMs(fleet, r.Device))).ToArray();
        long RawCount(int k) => resolved[k].Variable is null || firstMs >= toMsOf[k] ? 0 : (toMsOf[k] - 1 - firstMs) / periodMs + 1;

        var results = new List<List<(long AtMs, double Value)>>();
        long total = 0;
        if (req.Granularity == "raw")
        {
            for (var k = 0; k < resolved.Count; k++) total += RawCount(k);
            if (total > options.MaxPoints)
                throw TooMany($"{total}", options.MaxPoints);
        }
        else
        {
            long scanned = 0;
            for (var k = 0; k < resolved.Count; k++) scanned += RawCount(k);
            if (scanned > MaxScannedPoints)
                throw new BadRequestException($"The range holds {scanned} raw points to aggregate (limit {MaxScannedPoints}); narrow the from/to range.");
            for (var k = 0; k < resolved.Count; k++)
            {
                var (s, device, variable) = resolved[k];
                var tz = req.UseDeviceLocalTimezone ? FindTimeZone(device.TimeZone) ?? req.TimeZone : req.TimeZone;
                var points = variable is null ? [] : Aggregate(variable, firstMs, toMsOf[k], periodMs, req.Granularity, s.Aggregation!.ToLowerInvariant(), tz);
                total += points.Count;
                if (total > options.MaxPoints)
                    throw TooMany($"at least {total}", options.MaxPoints);
                results.Add(points);
            }
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { SkipValidation = true, Encoder = Json.Options.Encoder });
        w.WriteStartObject();
        w.WriteString("from", req.FromText);
        w.WriteString("to", req.ToText);
        w.WriteString("timezone", req.TimezoneText);
        w.WriteBoolean("useDeviceLocalTimezone", req.UseDeviceLocalTimezone);
        w.WriteString("granularity", req.GranularityText);
        w.WriteStartArray("series");
        for (var k = 0; k < resolved.Count; k++)
        {
            var (s, device, variable) = resolved[k];
            w.WriteStartObject();
            w.WriteString("itemType", s.ItemType);
            w.WriteString("itemIndex", s.ItemIndex);
            w.WriteString("serviceId", s.ServiceId);
            w.WriteString("deviceUuid", device.Uuid);
            if (s.Aggregation is not null) w.WriteString("aggregation", s.Aggregation);
            w.WriteString("dataType", "number");
            w.WriteString("deviceTimeZone", device.TimeZone);
            w.WriteStartArray("data");
            if (req.Granularity == "raw")
            {
                if (variable is not null)
                {
                    for (var t = firstMs; t < toMsOf[k]; t += periodMs)
                        WritePoint(w, t, Signal.Value(variable, t / 1000));
                }
            }
            else
            {
                foreach (var (at, value) in results[k])
                    WritePoint(w, at, value);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            if (w.BytesPending > 32_768) await w.FlushAsync(http.RequestAborted);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(http.RequestAborted);
    }

    private static void WritePoint(Utf8JsonWriter w, long atMs, double value)
    {
        w.WriteStartObject();
        w.WriteString("at", DateTimeOffset.FromUnixTimeMilliseconds(atMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("value", value);
        w.WriteEndObject();
    }

    private static BadRequestException TooMany(string count, int max) =>
        new($"Too many datapoints: the request would return {count} points, the maximum is {max}. Narrow the from/to range (or use a coarser granularity or fewer series).");

    /// <summary>
    /// Buckets the raw points in [from, to) by calendar period in <paramref name="tz"/>. A bucket's <c>at</c> is its
    /// start even when the range clips it; only points inside the range count. Empty buckets are omitted.
    /// var and stdev are population statistics (divide by n, not n - 1).
    /// </summary>
    public static List<(long AtMs, double Value)> Aggregate(Variable v, long firstMs, long toMs, long periodMs, string granularity, string aggregation, TimeZoneInfo tz)
    {
        var result = new List<(long, double)>();
        long bucketStart = 0, bucketEnd = long.MinValue;
        long n = 0;
        double sum = 0, mean = 0, m2 = 0, min = double.MaxValue, max = double.MinValue;

        void Flush()
        {
            if (n == 0) return;
            var variance = m2 / n;
            result.Add((bucketStart, aggregation switch
            {
                "avg" => sum / n,
                "min" => min,
                "max" => max,
                "count" => n,
                "sum" => sum,
                "var" => variance,
                "stdev" => Math.Sqrt(variance),
                _ => throw new InvalidOperationException(aggregation),
            }));
        }

        for (var t = firstMs; t < toMs; t += periodMs)
        {
            if (t >= bucketEnd)
            {
                Flush();
                (bucketStart, bucketEnd) = Bucket(t, granularity, tz);
                n = 0; sum = 0; mean = 0; m2 = 0; min = double.MaxValue; max = double.MinValue;
            }
            var x = Signal.Value(v, t / 1000);
            n++;
            sum += x;
            var delta = x - mean; // Welford: stable variance without a second pass
            mean += delta / n;
            m2 += delta * (x - mean);
            if (x < min) min = x;
            if (x > max) max = x;
        }
        Flush();
        return result;
    }

    /// <summary>The [start, end) in Unix ms of the bucket holding <paramref name="tMs"/>, aligned in <paramref name="tz"/>.</summary>
    public static (long Start, long End) Bucket(long tMs, string granularity, TimeZoneInfo tz)
    {
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(tMs);
        if (granularity is "minute" or "hour")
        {
            // Fixed-size buckets aligned on local wall-clock minutes/hours (handles offsets such as +05:30).
            var size = granularity == "minute" ? 60_000L : 3_600_000L;
            var offset = (long)tz.GetUtcOffset(instant).TotalMilliseconds;
            var start = tMs - Signal.Mod(tMs + offset, size);
            return (start, start + size);
        }
        var local = TimeZoneInfo.ConvertTime(instant, tz).DateTime.Date;
        DateTime localStart, localEnd;
        switch (granularity)
        {
            case "day": localStart = local; localEnd = local.AddDays(1); break;
            case "week":
                localStart = local.AddDays(-(((int)local.DayOfWeek + 6) % 7)); // weeks start on Monday
                localEnd = localStart.AddDays(7);
                break;
            case "month": localStart = new DateTime(local.Year, local.Month, 1); localEnd = localStart.AddMonths(1); break;
            case "year": localStart = new DateTime(local.Year, 1, 1); localEnd = localStart.AddYears(1); break;
            default: throw new InvalidOperationException(granularity);
        }
        return (LocalToUtcMs(localStart, tz), LocalToUtcMs(localEnd, tz));
    }

    /// <summary>Local wall time to an instant: a time skipped by DST moves forward; an ambiguous one takes its first occurrence.</summary>
    private static long LocalToUtcMs(DateTime local, TimeZoneInfo tz)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 8 && tz.IsInvalidTime(local); i++)
            local = local.AddMinutes(30);
        var offset = tz.IsAmbiguousTime(local) ? tz.GetAmbiguousTimeOffsets(local).Max() : tz.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
    }

    public static TimeZoneInfo? FindTimeZone(string id)
    {
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Z", StringComparison.Ordinal))
            return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>ISO 8601 with an offset or Z is taken as is; without one, it is wall time in the request's timezone.</summary>
    private static DateTimeOffset ParseDate(string name, string text, TimeZoneInfo tz)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dt))
            throw new BadRequestException($"'{name}' is not a valid ISO 8601 date: '{text}'.");
        if (dt.Kind != DateTimeKind.Unspecified)
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return DateTimeOffset.FromUnixTimeMilliseconds(LocalToUtcMs(dt, tz));
    }

    private static string RequiredString(JsonElement obj, string name, string prefix = "") =>
        OptionalString(obj, name, prefix) ?? throw new BadRequestException($"'{prefix}{name}' is required.");

    /// <summary>Strings, but numbers are accepted too (itemIndex 0, serviceId 140100) since clients often send them so.</summary>
    private static string? OptionalString(JsonElement obj, string name, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var el)) return null;
        return el.ValueKind switch
        {
            JsonValueKind.String => el.GetString(),
            JsonValueKind.Number => el.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new BadRequestException($"'{prefix}{name}' must be a string."),
        };
    }
}
