using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SoData.Client
{
    /// <summary>One series to read: a device's variable, addressed by mapping config, in a corporate account.</summary>
    internal sealed class DatapointsSeries
    {
        public DatapointsSeries(string corporateAccountUuid, string deviceUuid, SeriesRef reference)
        {
            CorporateAccountUuid = corporateAccountUuid ?? throw new ArgumentNullException(nameof(corporateAccountUuid));
            DeviceUuid = deviceUuid ?? throw new ArgumentNullException(nameof(deviceUuid));
            Ref = reference ?? throw new ArgumentNullException(nameof(reference));
        }

        public string CorporateAccountUuid { get; }
        public string DeviceUuid { get; }
        public SeriesRef Ref { get; }

        /// <summary>Known when the series came from a piped variable or device; used for output and pivot labels.</summary>
        public string? DeviceName { get; set; }
        public string? Title { get; set; }
        public string? Unit { get; set; }

        /// <summary>True when it came from a variable the API listed (so it exists); false for a mapping config typed by the user.</summary>
        public bool Listed { get; set; }

        /// <summary>Identifies the series regardless of letter case: CA, device and mapping config.</summary>
        public string Key => KeyOf(CorporateAccountUuid, DeviceUuid, Ref.ToString());

        /// <summary>The <see cref="Key"/> of the series a point belongs to: the one place a series key is made.</summary>
        public static string KeyOf(DataPoint point) => KeyOf(point.CorporateAccountUuid, point.DeviceUuid, point.StreamRef);

        private static string KeyOf(string? corporateAccountUuid, string? deviceUuid, string? streamRef) =>
            $"{corporateAccountUuid}/{deviceUuid}/{streamRef}".ToLowerInvariant();

        public override string ToString() => $"{DeviceName ?? DeviceUuid} {Ref}";
    }

    /// <summary>What the user asked for: a range, a time step, and how to cut the work into requests.</summary>
    internal sealed class DatapointsQuery
    {
        /// <summary>Inclusive.</summary>
        public DateTimeOffset From { get; set; }

        /// <summary>Exclusive.</summary>
        public DateTimeOffset To { get; set; }

        public Granularity Granularity { get; set; } = Granularity.Raw;

        /// <summary>Ignored for Raw; Avg when left null with any other granularity.</summary>
        public Aggregation? Aggregation { get; set; }

        public Aggregation? EffectiveAggregation => Granularity == Granularity.Raw ? (Aggregation?)null : Aggregation ?? SoData.Aggregation.Avg;

        /// <summary>IANA id sent as "timezone"; aggregated windows are cut on its calendar.</summary>
        public string TimeZone
        {
            get => _timeZone;
            set
            {
                _timeZone = value;
                _zone = DatapointsTimeZones.Find(value);
            }
        }

        private string _timeZone = "UTC";

        public bool UseDeviceLocalTimezone { get; set; }

        /// <summary>
        /// The zone of <see cref="TimeZone"/> when this machine knows it: results are written at its offset (the device's
        /// own zone with <see cref="UseDeviceLocalTimezone"/>). Null leaves the API's UTC times as they came.
        /// </summary>
        public TimeZoneInfo? Zone => _zone;

        private TimeZoneInfo? _zone = TimeZoneInfo.Utc;

        /// <summary>Most series in one request.</summary>
        public int BatchSize { get; set; } = DatapointsPlanner.DefaultBatchSize;

        /// <summary>The most points one response should hold (estimated); fewer series go per request when a window would exceed it.</summary>
        public long MaxPointsPerRequest { get; set; } = DatapointsPlanner.DefaultMaxPointsPerRequest;

        /// <summary>The raw sample period assumed to estimate raw response sizes (the API does not say).</summary>
        public TimeSpan AssumedSamplePeriod { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>The same query over another window [<paramref name="from"/>, <paramref name="to"/>).</summary>
        public DatapointsQuery Over(DateTimeOffset from, DateTimeOffset to) => new DatapointsQuery
        {
            From = from,
            To = to,
            Granularity = Granularity,
            Aggregation = Aggregation,
            TimeZone = TimeZone,
            UseDeviceLocalTimezone = UseDeviceLocalTimezone,
            BatchSize = BatchSize,
            MaxPointsPerRequest = MaxPointsPerRequest,
            AssumedSamplePeriod = AssumedSamplePeriod,
        };
    }

    /// <summary>One request of a plan: some series of one corporate account over one window [From, To).</summary>
    internal sealed class DatapointsChunk
    {
        public DatapointsChunk(string corporateAccountUuid, IReadOnlyList<DatapointsSeries> series, DateTimeOffset from, DateTimeOffset to,
            int batchNumber, int batchCount, int windowNumber, int windowCount)
        {
            CorporateAccountUuid = corporateAccountUuid;
            Series = series;
            From = from;
            To = to;
            BatchNumber = batchNumber;
            BatchCount = batchCount;
            WindowNumber = windowNumber;
            WindowCount = windowCount;
        }

        public string CorporateAccountUuid { get; }
        public IReadOnlyList<DatapointsSeries> Series { get; }
        public DateTimeOffset From { get; }
        public DateTimeOffset To { get; }

        /// <summary>1-based, across every corporate account of the plan.</summary>
        public int BatchNumber { get; }
        public int BatchCount { get; }

        /// <summary>1-based within the batch.</summary>
        public int WindowNumber { get; }
        public int WindowCount { get; }

        /// <summary>The query this request belongs to when it is not the command's own (a device zone's, see DeviceCalendars).</summary>
        public DatapointsQuery? Query { get; set; }

        public override string ToString() => $"batch {BatchNumber}/{BatchCount} ({Series.Count} series), window {WindowNumber}/{WindowCount} [{From:o}, {To:o})";
    }

    /// <summary>
    /// Cuts a datapoints query into requests. Series are grouped per corporate account (a request is for one CA)
    /// and batched; the range is cut into windows so no single response grows without bound:
    /// <list type="bullet">
    /// <item>Raw and Minute: one calendar day per window; Hour: one calendar month; Day: one calendar year;
    /// Week: 260 weeks (starting on Monday); Month and Year: the whole range.</item>
    /// <item>Window edges fall on midnight (or Monday, or Jan 1) in the request's time zone, so an aggregation bucket
    /// is never cut in two: every bucket of every window is complete, the same the API would give for one request.</item>
    /// <item>With UseDeviceLocalTimezone, or a time zone this machine does not know, the buckets' calendar is unknown
    /// here, so aggregated requests are not cut in time; fewer series go per request instead.</item>
    /// <item>Windows are [from, to) like the API, each starting where the previous ended: a point on an edge is in
    /// exactly one window.</item>
    /// </list>
    /// </summary>
    internal static class DatapointsPlanner
    {
        public const int DefaultBatchSize = 50;
        public const long DefaultMaxPointsPerRequest = 100_000;

        public static IReadOnlyList<DatapointsChunk> Plan(DatapointsQuery query, IEnumerable<DatapointsSeries> series)
        {
            if (query.To <= query.From) throw new ArgumentException("From must be before To.", nameof(query));
            if (query.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(query), "The batch size must be at least 1.");

            // Duplicates (the same variable piped twice) are read once.
            var unique = new List<DatapointsSeries>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (DatapointsSeries s in series)
            {
                if (seen.Add(s.Key)) unique.Add(s);
            }

            IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> windows = Windows(query);
            int perRequest = SeriesPerRequest(query, windows);

            var batches = new List<(string Ca, List<DatapointsSeries> Series)>();
            foreach (IGrouping<string, DatapointsSeries> account in unique.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase))
            {
                List<DatapointsSeries> list = account.ToList();
                for (int i = 0; i < list.Count; i += perRequest)
                    batches.Add((account.Key, list.GetRange(i, Math.Min(perRequest, list.Count - i))));
            }

            var chunks = new List<DatapointsChunk>(batches.Count * windows.Count);
            for (int b = 0; b < batches.Count; b++)
            {
                for (int w = 0; w < windows.Count; w++)
                    chunks.Add(new DatapointsChunk(batches[b].Ca, batches[b].Series, windows[w].From, windows[w].To, b + 1, batches.Count, w + 1, windows.Count));
            }
            return chunks;
        }

        /// <summary>The time windows of the query, consecutive, covering [From, To) exactly.</summary>
        public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Windows(DatapointsQuery query)
        {
            TimeZoneInfo? zone = DatapointsTimeZones.Find(query.TimeZone);
            bool aggregated = query.Granularity != Granularity.Raw;
            if (aggregated && (query.UseDeviceLocalTimezone || zone == null)) zone = null;
            else zone ??= TimeZoneInfo.Utc; // raw points have no buckets: any edges will do

            var windows = new List<(DateTimeOffset, DateTimeOffset)>();
            DateTimeOffset start = query.From;
            while (start < query.To)
            {
                DateTimeOffset end = zone == null ? query.To : NextEdge(start, query.Granularity, zone);
                if (end > query.To) end = query.To;
                windows.Add((start, end));
                start = end;
            }
            return windows;
        }

        /// <summary>The first window edge strictly after <paramref name="time"/>.</summary>
        public static DateTimeOffset NextEdge(DateTimeOffset time, Granularity granularity, TimeZoneInfo zone)
        {
            DateTime local = TimeZoneInfo.ConvertTime(time, zone).DateTime;
            DateTime day = local.Date;
            DateTime edge;
            switch (granularity)
            {
                case Granularity.Raw:
                case Granularity.Minute:
                    edge = day.AddDays(1);
                    break;
                case Granularity.Hour:
                    edge = new DateTime(day.Year, day.Month, 1).AddMonths(1);
                    break;
                case Granularity.Day:
                    edge = new DateTime(day.Year, 1, 1).AddYears(1);
                    break;
                case Granularity.Week:
                    edge = day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).AddDays(7 * 260);
                    break;
                default:
                    return DateTimeOffset.MaxValue;
            }
            DateTimeOffset result = DatapointsTime.WallClockToInstant(edge, zone);
            // A DST jump right at midnight can map the edge back onto the start: never return a window of zero length.
            return result > time ? result : time.AddDays(1);
        }

        /// <summary>How many series fit in one request: the batch size, unless the estimated points of a window would exceed the limit.</summary>
        public static int SeriesPerRequest(DatapointsQuery query, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> windows)
        {
            double longest = windows.Count == 0 ? 0 : windows.Max(w => (w.To - w.From).TotalSeconds);
            double perSeries = Math.Max(1, Math.Ceiling(longest / StepSeconds(query)) + 1);
            long fit = (long)Math.Floor(query.MaxPointsPerRequest / perSeries);
            return (int)Math.Max(1, Math.Min(query.BatchSize, fit));
        }

        private static double StepSeconds(DatapointsQuery query) => query.Granularity switch
        {
            Granularity.Raw => Math.Max(1, query.AssumedSamplePeriod.TotalSeconds),
            Granularity.Minute => 60,
            Granularity.Hour => 3600,
            Granularity.Day => 86_400,
            Granularity.Week => 7 * 86_400,
            Granularity.Month => 28 * 86_400,
            _ => 365 * 86_400,
        };
    }

    /// <summary>
    /// Time zones by IANA id (the API's) or Windows id, the same on every runtime: .NET Framework on Windows knows only
    /// Windows ids, .NET Core on Linux mostly IANA ones, so an id this machine does not know is looked up again under
    /// its other name (<see cref="ZoneIds"/>: the runtime's own tables on PowerShell 7, TimeZoneConverter's on Windows
    /// PowerShell 5.1). Completion offers IANA ids everywhere.
    /// </summary>
    internal static class DatapointsTimeZones
    {
        private static readonly string[] Common =
        {
            "UTC", "Europe/Paris", "Europe/London", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Brussels",
            "Europe/Amsterdam", "Europe/Zurich", "Europe/Lisbon", "Europe/Warsaw", "Europe/Istanbul", "Africa/Casablanca",
            "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo",
            "Australia/Sydney", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
            "America/Sao_Paulo", "America/Mexico_City",
        };

        /// <summary>The zone for an IANA or Windows id ("UTC" included), or null when it is neither.</summary>
        public static TimeZoneInfo? Find(string? id) => Find(id, SystemZone, ZoneIds.Current);

        /// <summary><see cref="Find(string?)"/> over <paramref name="systemLookup"/>, this machine's zones by id (null when unknown).</summary>
        internal static TimeZoneInfo? Find(string? id, Func<string, TimeZoneInfo?> systemLookup, IZoneIds? ids = null)
        {
            if (string.IsNullOrWhiteSpace(id) || IsUtc(id!.Trim())) return TimeZoneInfo.Utc;
            ids ??= ZoneIds.Current;
            string trimmed = id!.Trim();
            TimeZoneInfo? zone = systemLookup(trimmed);
            if (zone != null) return zone;
            if (ids.TryIanaToWindows(trimmed, out string? windowsId) && systemLookup(windowsId!) is { } byWindowsId) return byWindowsId;
            if (ids.TryWindowsToIana(trimmed, out string? ianaId) && systemLookup(ianaId!) is { } byIanaId) return byIanaId;
            return null;
        }

        /// <summary>The IANA id the API expects for <paramref name="id"/>: a Windows id is translated, anything else is kept as given.</summary>
        public static string IanaId(string id) => IanaId(id, ZoneIds.Current);

        internal static string IanaId(string id, IZoneIds ids)
        {
            if (string.IsNullOrWhiteSpace(id)) return id;
            string trimmed = id.Trim();
            if (IsUtc(trimmed)) return trimmed;
            return ids.TryWindowsToIana(trimmed, out string? ianaId) ? ianaId! : id;
        }

        /// <summary>
        /// Ids for completion: common IANA ids, then every IANA id known, then the Windows ids (accepted, and sent as their
        /// IANA id), whatever this machine's own naming.
        /// </summary>
        public static IEnumerable<string> CompletionIds() => CompletionIds(ZoneIds.Current);

        internal static IEnumerable<string> CompletionIds(IZoneIds ids) =>
            Common.Concat(ids.KnownIanaIds().Where(id => id.Contains("/")).OrderBy(id => id, StringComparer.OrdinalIgnoreCase))
                .Concat(ids.KnownWindowsIds().OrderBy(id => id, StringComparer.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase);

        /// <summary>A completion's tooltip: the id, and for a Windows id the IANA id the API is sent.</summary>
        public static string Describe(string id) => Describe(id, ZoneIds.Current);

        internal static string Describe(string id, IZoneIds ids) =>
            !id.Contains("/") && ids.TryWindowsToIana(id, out string? iana) && iana != id ? $"{id} (sent as {iana})" : id;

        private static bool IsUtc(string id) =>
            id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase) ||
            id.Equals("Z", StringComparison.Ordinal) || id.Equals("GMT", StringComparison.OrdinalIgnoreCase);

        private static TimeZoneInfo? SystemZone(string id)
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                return null;
            }
        }
    }

    /// <summary>Column headers of a pivot (one column per series): see <see cref="Output.PivotHeaders"/>, where they are named.</summary>
    internal static class DatapointsPivot
    {
        public static List<string> Labels(IReadOnlyList<DatapointsSeries> series, string? template = null) => Output.PivotHeaders.Labels(series, template);
    }
}
