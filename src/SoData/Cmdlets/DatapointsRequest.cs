using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The parameters of the range and shape of a datapoints query. Get-SoDataDatapoint and Export-SoDataDatapoint
    /// each declare them (same names, types, attributes and defaults), and read them through <see cref="DatapointsRequest"/>.
    /// </summary>
    internal interface IDatapointsParameters
    {
        DateTime From { get; }

        DateTime To { get; }

        CalendarRange Range { get; }

        Granularity Granularity { get; }

        Aggregation Aggregation { get; }

        string TimeZone { get; }

        SwitchParameter UseDeviceLocalTimezone { get; }

        int BatchSize { get; }
    }

    /// <summary>
    /// The range and shape of a datapoints query, a helper <see cref="DatapointsRun"/> owns: the checks of what the user
    /// typed (before any session), the query, the unit and title of series typed with -Series, the query each series is
    /// read with (one per device zone with -UseDeviceLocalTimezone on a calendar, see <see cref="DeviceCalendars"/>),
    /// and the error of a failed request.
    /// </summary>
    internal sealed class DatapointsRequest
    {
        private readonly Cmdlet _cmdlet;
        private readonly IDatapointsParameters _parameters;
        private HashSet<string> _bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // The devices' variables and zones, asked once per command (set by StartQuery); the device calendars of -UseDeviceLocalTimezone.
        private DeviceFacts _facts = null!;
        private DeviceCalendars? _calendars;

        internal DeviceFacts Facts => _facts;

        // True when the range was given on a calendar (-Range, or a -From/-To without an offset), not as instants.
        private bool _rangeOnCalendar;

        /// <param name="cmdlet">Where the verbose lines and warnings go, and the mistakes that end the command.</param>
        /// <param name="parameters">The command's range parameters.</param>
        internal DatapointsRequest(Cmdlet cmdlet, IDatapointsParameters parameters)
        {
            _cmdlet = cmdlet;
            _parameters = parameters;
        }

        /// <summary>The query, set by <see cref="StartQuery"/>.</summary>
        internal DatapointsQuery Query { get; private set; } = null!;

        /// <summary>
        /// Checks what the user typed before anything else, so a mistake is reported even without a session: an
        /// aggregation with Raw, a range that is empty or backwards. Returns the range, for <see cref="StartQuery"/>.
        /// </summary>
        /// <param name="bound">The names of the parameters the user gave (the command's bound parameters): a default is not a choice.</param>
        internal (DateTimeOffset From, DateTimeOffset To) CheckRange(IEnumerable<string> bound)
        {
            _bound = new HashSet<string>(bound, StringComparer.OrdinalIgnoreCase);
            if (_parameters.Granularity == Granularity.Raw && _bound.Contains(nameof(_parameters.Aggregation)))
            {
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("AggregationWithRawGranularity",
                    $"-Aggregation {_parameters.Aggregation} cannot be used with -Granularity Raw: raw points are not aggregated. Give -Granularity Minute, Hour, Day, Week, Month or Year, or leave -Aggregation out.",
                    _parameters.Aggregation));
            }
            (DateTimeOffset from, DateTimeOffset to) = ResolveRange();
            (from, to) = BoundByNow(from, to);
            if (from >= to)
            {
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("FromNotBeforeTo",
                    $"-From ({from:o}) must be before -To ({to:o}): the range is from -From (inclusive) to -To (exclusive).", from));
            }
            return (from, to);
        }

        /// <summary>A range that starts in the future is an error naming -From; one that ends in the future is cut at now, with a verbose line.</summary>
        private (DateTimeOffset From, DateTimeOffset To) BoundByNow(DateTimeOffset from, DateTimeOffset to)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (DatapointsLimits.FutureStart(from, now) is { } problem)
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("FromInFuture", problem, from));
            DateTimeOffset cut = DatapointsLimits.CutAtNow(to, now);
            if (cut != to) _cmdlet.WriteVerbose($"The range ends in the future ({to:o}): it is cut at now ({cut:o}), after which there is no data yet.");
            return (from, cut);
        }

        /// <summary>The instants of -Range, or of -From and -To (a wall-clock time read in -TimeZone), or the last 24 hours.</summary>
        private (DateTimeOffset From, DateTimeOffset To) ResolveRange()
        {
            bool hasFrom = _bound.Contains(nameof(_parameters.From));
            bool hasTo = _bound.Contains(nameof(_parameters.To));
            bool hasRange = _bound.Contains(nameof(_parameters.Range));
            if (hasRange && (hasFrom || hasTo))
            {
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("RangeWithFromTo",
                    $"-Range {_parameters.Range} cannot be used with {(hasFrom ? "-From" : "-To")}: give either a calendar period (-Range) or -From and -To.", _parameters.Range));
            }
            bool needsZone = hasRange || (hasFrom && DatapointsTime.IsWallClock(_parameters.From)) || (hasTo && DatapointsTime.IsWallClock(_parameters.To));
            TimeZoneInfo? zone = DatapointsTimeZones.Find(_parameters.TimeZone);
            if (zone == null && needsZone)
            {
                string what = hasRange ? $"-Range {_parameters.Range}" : $"the time '{(hasFrom && DatapointsTime.IsWallClock(_parameters.From) ? _parameters.From : _parameters.To):yyyy-MM-dd HH:mm:ss}' (no offset)";
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("UnknownTimeZone",
                    $"-TimeZone '{_parameters.TimeZone}' is not a time zone this computer knows, so {what} cannot be read in it. Give an IANA id such as Europe/Paris or America/New_York (tab completion lists them), or times with an offset.",
                    _parameters.TimeZone));
            }
            zone ??= TimeZoneInfo.Utc; // not needed: every time given is an instant
            _rangeOnCalendar = needsZone;
            return RangeIn(zone);
        }

        /// <summary>The range the user gave, read in <paramref name="zone"/>: -Range, or -From and -To (a wall-clock time read in it), or the last 24 hours.</summary>
        private (DateTimeOffset From, DateTimeOffset To) RangeIn(TimeZoneInfo zone)
        {
            bool hasFrom = _bound.Contains(nameof(_parameters.From));
            bool hasTo = _bound.Contains(nameof(_parameters.To));
            bool hasRange = _bound.Contains(nameof(_parameters.Range));
            DateTimeOffset from, to;
            if (hasRange)
            {
                (from, to) = DatapointsTime.Range(_parameters.Range, zone, DateTimeOffset.UtcNow);
            }
            else
            {
                to = hasTo ? DatapointsTime.ToInstant(_parameters.To, zone) : DateTimeOffset.UtcNow;
                from = hasFrom ? DatapointsTime.ToInstant(_parameters.From, zone) : to.AddDays(-1);
            }
            return (DatapointsTime.InZone(from, zone), DatapointsTime.InZone(to, zone));
        }

        /// <summary>Builds the query from the range <see cref="CheckRange"/> returned.</summary>
        /// <param name="facts">The devices' variables and zones, for <see cref="Describe"/> and the device calendars.</param>
        internal void StartQuery((DateTimeOffset From, DateTimeOffset To) range, long maxPointsPerRequest, DeviceFacts facts)
        {
            _facts = facts;
            Query = new DatapointsQuery
            {
                From = range.From,
                To = range.To,
                Granularity = _parameters.Granularity,
                Aggregation = _parameters.Granularity == Granularity.Raw ? (Aggregation?)null : _parameters.Aggregation,
                TimeZone = _parameters.TimeZone.Trim(),
                UseDeviceLocalTimezone = _parameters.UseDeviceLocalTimezone.IsPresent,
                BatchSize = _parameters.BatchSize,
                MaxPointsPerRequest = maxPointsPerRequest,
            };
            if (DatapointsTimeZones.Find(Query.TimeZone) == null)
            {
                _cmdlet.WriteWarning($"The time zone '{Query.TimeZone}' is not known on this computer; it is sent to the API as is." +
                    (_parameters.Granularity == Granularity.Raw ? string.Empty : " Aggregated requests are not split in time (fewer series per request instead)."));
            }
            _cmdlet.WriteVerbose($"Datapoints from {range.From:o} (inclusive) to {range.To:o} (exclusive), {DatapointsApi.WireName(_parameters.Granularity)}" +
                (Query.EffectiveAggregation is { } a ? "/" + DatapointsApi.WireName(a) : string.Empty) + $", time zone {Query.TimeZone}.");
            // A calendar range with the device's own time zone means the device's calendar: read per zone (see DeviceCalendars).
            if (Query.UseDeviceLocalTimezone && _rangeOnCalendar) _calendars = new DeviceCalendars(_cmdlet, facts, RangeIn);
        }

        /// <summary>The error of a failed request: the API's message, then which batch and window, then what follows from it.</summary>
        internal static ErrorRecord ChunkError(Exception exception, DatapointsChunk chunk, string consequence)
        {
            ErrorRecord record = ErrorRecords.From(exception, chunk.Series.Select(s => s.ToString()).ToArray());
            string? action = record.ErrorDetails?.RecommendedAction;
            record.ErrorDetails = new ErrorDetails(exception.Message +
                $" (batch {chunk.BatchNumber} of {chunk.BatchCount}: {chunk.Series.Count} series, window {chunk.From:o} to {chunk.To:o}.) {consequence}")
            {
                RecommendedAction = action,
            };
            return record;
        }

        /// <summary>
        /// The series with the query each is read with: the command's own, or with -UseDeviceLocalTimezone on a calendar
        /// range, one query per device zone (see <see cref="DeviceCalendars"/>; devices without a zone are left out).
        /// Series typed with -Series get their unit and title first (<see cref="Describe"/>).
        /// </summary>
        internal List<(DatapointsQuery Query, List<DatapointsSeries> Series)> Queries(IReadOnlyList<DatapointsSeries> series)
        {
            Describe(series);
            return _calendars?.Group(Query, series) ?? new List<(DatapointsQuery, List<DatapointsSeries>)> { (Query, series.ToList()) };
        }

        /// <summary>
        /// Gives series typed with -Series the Unit and Title of their variable, as piped variables have them: each
        /// device's variables are listed once per command. A series its device lacks keeps none, and is reported as
        /// missing if it returns nothing; a listing that fails leaves them to that check too.
        /// </summary>
        internal void Describe(IEnumerable<DatapointsSeries> series)
        {
            foreach (IGrouping<string, DatapointsSeries> device in series.Where(s => !s.Listed).GroupBy(s => s.CorporateAccountUuid + "/" + s.DeviceUuid, StringComparer.OrdinalIgnoreCase))
            {
                DatapointsSeries first = device.First();
                var byRef = new Dictionary<SeriesRef, Variable>();
                try
                {
                    foreach (Variable v in _facts.VariablesOf(first.CorporateAccountUuid, first.DeviceUuid))
                        if (SeriesInputs.RefOf(v) is { } r && !byRef.ContainsKey(r)) byRef[r] = v;
                }
                catch (Exception ex) when (ex is SoDataApiException || ex is Auth.SoDataAuthenticationException)
                {
                    _cmdlet.WriteDebug($"The variables of device {first.DeviceUuid} could not be listed now ({ex.Message}); its series stay without unit and title.");
                    continue;
                }
                foreach (DatapointsSeries s in device)
                {
                    if (!byRef.TryGetValue(s.Ref, out Variable? variable)) continue;
                    s.Title ??= variable.Title;
                    s.Unit ??= variable.Unit;
                    s.Listed = true; // it exists: no need to check again when it has no point
                }
            }
        }

        /// <summary>With -UseDeviceLocalTimezone on a calendar: the zone of every device read, when they share one (a pivot's rows carry it).</summary>
        internal TimeZoneInfo? DeviceCalendarZone =>
            _calendars != null && _calendars.Queries.Count == 1 ? _calendars.Queries.First().Zone : null;
    }
}
