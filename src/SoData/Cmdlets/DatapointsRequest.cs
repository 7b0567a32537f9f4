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
        }

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
            if (from >= to)
            {
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("FromNotBeforeTo",
                    $"-From ({from:o}) must be before -To ({to:o}): the range is from -From (inclusive) to -To (exclusive).", from));
            }
            return (from, to);
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

        private void AddVariable(Variable variable)
        {
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
