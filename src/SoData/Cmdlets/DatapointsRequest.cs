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
    /// What Get-SoDataDatapoint and Export-SoDataDatapoint share, a helper each of them owns: the range and shape of
    /// the query, its checks, and the collecting of series from the pipeline (variables, or devices with -Series),
    /// de-duplicated and grouped into batches of one corporate account, planned into requests, with their progress and
    /// errors. Each cmdlet declares its parameters and decides what to do with the points.
    /// </summary>
    internal sealed class DatapointsRequest
    {
        private readonly SoDataCmdlet _cmdlet;
        private readonly IDatapointsParameters _parameters;
        private readonly CorporateAccountScope _accounts;
        private readonly List<DatapointsSeries> _pending = new List<DatapointsSeries>();
        private readonly List<DatapointsSeries> _all = new List<DatapointsSeries>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        internal DatapointsRequest(SoDataCmdlet cmdlet, IDatapointsParameters parameters, CorporateAccountScope accounts)
        {
            _cmdlet = cmdlet;
            _parameters = parameters;
            _accounts = accounts;
            _facts = new DeviceFacts(cmdlet);
        }

        // The devices' variables and zones, asked once per command; the device calendars of -UseDeviceLocalTimezone.
        private readonly DeviceFacts _facts;
        private DeviceCalendars? _calendars;

        internal DeviceFacts Facts => _facts;

        // True when the range was given on a calendar (-Range, or a -From/-To without an offset), not as instants.
        private bool _rangeOnCalendar;

        /// <summary>The query, set by <see cref="StartQuery"/>.</summary>
        internal DatapointsQuery Query { get; private set; } = null!;

        /// <summary>Every series collected so far, in the order first seen (the pivot's columns).</summary>
        internal IReadOnlyList<DatapointsSeries> AllSeries => _all;

        /// <summary>Takes the series collected but not yet taken by <see cref="TakeFullBatches"/>.</summary>
        internal List<DatapointsSeries> TakeRest()
        {
            List<DatapointsSeries> rest = _pending.ToList();
            _pending.Clear();
            return rest;
        }

        /// <summary>
        /// Checks what the user typed before anything else, so a mistake is reported even without a session: an
        /// aggregation with Raw, a range that is empty or backwards. Returns the range, for <see cref="StartQuery"/>.
        /// </summary>
        internal (DateTimeOffset From, DateTimeOffset To) CheckRange()
        {
            if (_parameters.Granularity == Granularity.Raw && _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.Aggregation)))
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
            bool hasFrom = _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.From));
            bool hasTo = _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.To));
            bool hasRange = _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.Range));
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
            bool hasFrom = _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.From));
            bool hasTo = _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.To));
            bool hasRange = _cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(_parameters.Range));
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
        internal void StartQuery((DateTimeOffset From, DateTimeOffset To) range, long maxPointsPerRequest = DatapointsPlanner.DefaultMaxPointsPerRequest)
        {
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
            if (Query.UseDeviceLocalTimezone && _rangeOnCalendar) _calendars = new DeviceCalendars(_cmdlet, _facts, RangeIn);
        }

        /// <summary>Collects the series of one input, whichever way it came: variables, devices with -Series, or a device uuid with -Series.</summary>
        internal void CollectSeries(Variable[]? variables, Device[]? devices, string? deviceUuid, string? deviceName, string[]? series)
        {
            foreach (Variable variable in variables ?? Array.Empty<Variable>()) AddVariable(variable);
            foreach (Device device in devices ?? Array.Empty<Device>())
            {
                if (string.IsNullOrEmpty(device.Uuid))
                {
                    _cmdlet.WriteError(_cmdlet.WithRow(ErrorRecords.InvalidArgument("DeviceWithoutUuid", "-Device: a device without a Uuid cannot be read.", device)));
                    continue;
                }
                AddSeries(device.CorporateAccountUuid, device.Uuid!, device.Name, series!, device);
            }
            if (deviceUuid != null) AddSeries(null, deviceUuid, deviceName, series!, deviceUuid);
        }

        /// <summary>Takes the batches of a corporate account's series that are full, so their requests can start now.</summary>
        internal IEnumerable<List<DatapointsSeries>> TakeFullBatches()
        {
            foreach (IGrouping<string, DatapointsSeries> account in _pending.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase).ToList())
            {
                if (account.Count() < _parameters.BatchSize) continue;
                List<DatapointsSeries> batch = account.Take(_parameters.BatchSize).ToList();
                foreach (DatapointsSeries s in batch) _pending.Remove(s);
                yield return batch;
            }
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
                        if (RefOf(v) is { } r && !byRef.ContainsKey(r)) byRef[r] = v;
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

        private static SeriesRef? RefOf(Variable variable)
        {
            if (!string.IsNullOrEmpty(variable.StreamRef) && SeriesRef.TryParse(variable.StreamRef, out SeriesRef? parsed, out _)) return parsed;
            return !string.IsNullOrEmpty(variable.ItemType) && variable.ItemIndex.HasValue && variable.ServiceId.HasValue
                ? new SeriesRef(variable.ItemType!, variable.ItemIndex.Value, variable.ServiceId.Value)
                : null;
        }

        private void AddVariable(Variable variable)
        {
            if (SeriesInputAttribute.IsStandIn(variable, out object? input))
            {
                _cmdlet.WriteError(_cmdlet.WithRow(NotASeries.Error(_cmdlet.MyInvocation.MyCommand.Name, input)));
                return;
            }
            SeriesRef? reference = null;
            string? error = null;
            if (!string.IsNullOrEmpty(variable.StreamRef)) SeriesRef.TryParse(variable.StreamRef, out reference, out error);
            if (reference == null && !string.IsNullOrEmpty(variable.ItemType) && variable.ItemIndex.HasValue && variable.ServiceId.HasValue)
                reference = new SeriesRef(variable.ItemType!, variable.ItemIndex.Value, variable.ServiceId.Value);
            if (reference == null)
            {
                _cmdlet.WriteError(_cmdlet.WithRow(ErrorRecords.InvalidArgument("InvalidSeries",
                    "-InputObject: the StreamRef of the input " + (error ?? $"is missing: expected {SeriesRef.ExpectedForm}; pipe variables from Get-SoDataVariable."), variable)));
                return;
            }
            if (string.IsNullOrEmpty(variable.DeviceUuid))
            {
                _cmdlet.WriteError(_cmdlet.WithRow(ErrorRecords.InvalidArgument("VariableWithoutDevice", $"-InputObject: the variable '{variable}' has no DeviceUuid; pipe variables from Get-SoDataVariable.", variable)));
                return;
            }
            string? ca = _accounts.Resolve(variable.CorporateAccountUuid, variable);
            if (ca == null) return;
            Add(new DatapointsSeries(ca, variable.DeviceUuid!, reference)
            {
                DeviceName = variable.DeviceName,
                Title = variable.Title,
                Unit = variable.Unit,
                // A variable the API listed has a uuid; a CSV row converted to a Variable by PowerShell may not.
                Listed = !string.IsNullOrEmpty(variable.Uuid),
            });
        }

        private void AddSeries(string? caFromObject, string device, string? deviceName, string[] series, object target)
        {
            string? ca = _accounts.Resolve(caFromObject, target);
            if (ca == null) return;
            if (target is Device given) _facts.Note(ca, given);
            foreach (string text in series)
            {
                // Also checked by [SeriesRef] when bound; values from the pipeline by property name are checked here too.
                if (!SeriesRef.TryParse(text, out SeriesRef? reference, out string? error))
                {
                    _cmdlet.WriteError(_cmdlet.WithRow(ErrorRecords.InvalidArgument("InvalidSeries", "-Series: " + error, text)));
                    continue;
                }
                Add(new DatapointsSeries(ca, device, reference!) { DeviceName = deviceName });
            }
        }

        private void Add(DatapointsSeries series)
        {
            if (!_seen.Add(series.Key))
            {
                _cmdlet.WriteVerbose($"{series} is already in this request; read once.");
                return;
            }
            _all.Add(series);
            _pending.Add(series);
        }
    }
}
