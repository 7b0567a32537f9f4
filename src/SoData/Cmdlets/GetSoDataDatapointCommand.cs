using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Reads history (raw or aggregated) of variables: PUT ca/{ca}/datapoints. Piped series are collected and sent
    /// together, up to -BatchSize series of one corporate account per request; long ranges are cut into windows
    /// (see <see cref="DatapointsPlanner"/>). Writes one SoData.DataPoint per point as each response arrives, or
    /// with -Pivot one row per timestamp with a column per series.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SoDataDatapoint", DefaultParameterSetName = VariableSet)]
    [OutputType(typeof(DataPoint), ParameterSetName = new[] { VariableSet, DeviceUuidSet, DeviceSet })]
    [OutputType(typeof(PSObject))]
    public sealed class GetSoDataDatapointCommand : MeasurementCmdlet
    {
        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";

        private readonly List<DatapointsSeries> _pending = new List<DatapointsSeries>();
        private readonly List<DatapointsSeries> _all = new List<DatapointsSeries>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<DataPoint> _pivotPoints = new List<DataPoint>();
        private DatapointsQuery _query = null!;
        private int _progressId;

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the output.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [NotEmpty]
        public Variable[]? InputObject { get; set; }

        /// <summary>Devices from Get-SoDataDevice, read with -Series.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        [NotEmpty]
        public Device[]? Device { get; set; }

        /// <summary>A device uuid, read with -Series; binds from a piped device or a CSV column.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device so that points and pivot columns can name it.</summary>
        [Parameter(ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }

        /// <summary>Mapping configs Item|Index|ServiceId, e.g. 'Global|0|140100','Unit|1|140108'.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamRef")]
        [NotEmpty]
        [SeriesRef]
        [ArgumentCompleter(typeof(StreamRefCompleter))]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Series { get; set; }

        /// <summary>
        /// Start of the range, inclusive. Default: 24 hours before -To. A DateTimeOffset is taken as is; a DateTime of
        /// kind Utc is UTC; a DateTime of kind Local - and of kind Unspecified, as from [datetime]'2024-05-01' or
        /// a string without offset - is read as this computer's local time, as Get-Date does. Write '2024-05-01Z' or
        /// '2024-05-01T00:00:00+02:00' to mean another zone.
        /// </summary>
        [Parameter]
        public DateTimeOffset From { get; set; }

        /// <summary>End of the range, exclusive (a point at exactly -To is not returned). Default: now. Read like -From.</summary>
        [Parameter]
        public DateTimeOffset To { get; set; }

        /// <summary>Raw (every stored sample, the default), or one point per Minute, Hour, Day, Week, Month or Year.</summary>
        [Parameter]
        public Granularity Granularity { get; set; } = Granularity.Raw;

        /// <summary>What each time step holds when -Granularity is not Raw: Avg (the default), Min, Max, Count, Sum, Var, Stdev. Not allowed with Raw.</summary>
        [Parameter]
        public Aggregation Aggregation { get; set; } = Aggregation.Avg;

        /// <summary>IANA time zone id for the range and the calendar of day/week/month/year steps. Default: UTC.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(TimeZoneCompleter))]
        public string TimeZone { get; set; } = "UTC";

        /// <summary>Use each device's own time zone (the API's useDeviceLocalTimezone) for the time steps.</summary>
        [Parameter]
        public SwitchParameter UseDeviceLocalTimezone { get; set; }

        /// <summary>Most series per request (series of one corporate account go together).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int BatchSize { get; set; } = DatapointsPlanner.DefaultBatchSize;

        /// <summary>One row per timestamp, in time order: a Timestamp column, then one column per series headed by its label.</summary>
        [Parameter]
        public SwitchParameter Pivot { get; set; }

        protected override void BeginProcessing()
        {
            // What the user typed is checked before anything else, so a mistake is reported even without a session.
            if (Granularity == Granularity.Raw && MyInvocation.BoundParameters.ContainsKey(nameof(Aggregation)))
            {
                ThrowTerminatingError(InvalidArgument("AggregationWithRawGranularity",
                    $"-Aggregation {Aggregation} cannot be used with -Granularity Raw: raw points are not aggregated. Give -Granularity Minute, Hour, Day, Week, Month or Year, or leave -Aggregation out.",
                    Aggregation));
            }
            bool hasTo = MyInvocation.BoundParameters.ContainsKey(nameof(To));
            bool hasFrom = MyInvocation.BoundParameters.ContainsKey(nameof(From));
            DateTimeOffset to = hasTo ? To : DateTimeOffset.Now;
            DateTimeOffset from = hasFrom ? From : to.AddDays(-1);
            if (from >= to)
            {
                ThrowTerminatingError(InvalidArgument("FromNotBeforeTo",
                    $"-From ({from:o}) must be before -To ({to:o}): the range is from -From (inclusive) to -To (exclusive).", from));
            }

            base.BeginProcessing();

            _query = new DatapointsQuery
            {
                From = from,
                To = to,
                Granularity = Granularity,
                Aggregation = Granularity == Granularity.Raw ? (Aggregation?)null : Aggregation,
                TimeZone = TimeZone.Trim(),
                UseDeviceLocalTimezone = UseDeviceLocalTimezone.IsPresent,
                BatchSize = BatchSize,
            };
            if (DatapointsTimeZones.Find(_query.TimeZone) == null)
            {
                WriteWarning($"The time zone '{_query.TimeZone}' is not known on this computer; it is sent to the API as is." +
                    (Granularity == Granularity.Raw ? string.Empty : " Aggregated requests are not split in time (fewer series per request instead)."));
            }
            _progressId = Math.Abs(GetHashCode() % 100000) + 1;
            WriteVerbose($"Datapoints from {from:o} (inclusive) to {to:o} (exclusive), {DatapointsApi.WireName(Granularity)}" +
                (_query.EffectiveAggregation is { } a ? "/" + DatapointsApi.WireName(a) : string.Empty) + $", time zone {_query.TimeZone}.");
        }

        protected override void ProcessInput()
        {
            switch (ParameterSetName)
            {
                case VariableSet:
                    foreach (Variable variable in InputObject ?? Array.Empty<Variable>()) AddVariable(variable);
                    break;
                case DeviceSet:
                    foreach (Device device in Device ?? Array.Empty<Device>())
                    {
                        if (string.IsNullOrEmpty(device.Uuid))
                        {
                            WriteError(InvalidArgument("DeviceWithoutUuid", "-Device: a device without a Uuid cannot be read.", device));
                            continue;
                        }
                        AddSeries(device.CorporateAccountUuid, device.Uuid!, device.Name, Series!, device);
                    }
                    break;
                default:
                    AddSeries(null, DeviceUuid!, DeviceName, Series!, DeviceUuid!);
                    break;
            }
            SendFullBatches();
        }

        protected override void EndProcessing()
        {
            if (_pending.Count > 0) Send(_pending.ToList());
            _pending.Clear();
            if (Pivot) WritePivot();
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
                WriteError(InvalidArgument("InvalidSeries",
                    "-InputObject: the StreamRef of the input " + (error ?? $"is missing: expected {SeriesRef.ExpectedForm}; pipe variables from Get-SoDataVariable."), variable));
                return;
            }
            if (string.IsNullOrEmpty(variable.DeviceUuid))
            {
                WriteError(InvalidArgument("VariableWithoutDevice", $"-InputObject: the variable '{variable}' has no DeviceUuid; pipe variables from Get-SoDataVariable.", variable));
                return;
            }
            string? ca = ResolveCorporateAccount(variable.CorporateAccountUuid, variable);
            if (ca == null) return;
            Add(new DatapointsSeries(ca, variable.DeviceUuid!, reference)
            {
                DeviceName = variable.DeviceName,
                Title = variable.Title,
                Unit = variable.Unit,
            });
        }

        private void AddSeries(string? caFromObject, string device, string? deviceName, string[] series, object target)
        {
            string? ca = ResolveCorporateAccount(caFromObject, target);
            if (ca == null) return;
            foreach (string text in series)
            {
                // Also checked by [SeriesRef] when bound; values from the pipeline by property name are checked here too.
                if (!SeriesRef.TryParse(text, out SeriesRef? reference, out string? error))
                {
                    WriteError(InvalidArgument("InvalidSeries", "-Series: " + error, text));
                    continue;
                }
                Add(new DatapointsSeries(ca, device, reference!) { DeviceName = deviceName });
            }
        }

        private void Add(DatapointsSeries series)
        {
            if (!_seen.Add(series.Key))
            {
                WriteVerbose($"{series} is already in this request; read once.");
                return;
            }
            _all.Add(series);
            _pending.Add(series);
        }

        /// <summary>Sends the series of a corporate account as soon as a full batch of them is waiting.</summary>
        private void SendFullBatches()
        {
            foreach (IGrouping<string, DatapointsSeries> account in _pending.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase).ToList())
            {
                if (account.Count() < BatchSize) continue;
                List<DatapointsSeries> batch = account.Take(BatchSize).ToList();
                foreach (DatapointsSeries s in batch) _pending.Remove(s);
                Send(batch);
            }
        }

        private void Send(List<DatapointsSeries> series)
        {
            IReadOnlyList<DatapointsChunk> plan = DatapointsPlanner.Plan(_query, series);
            WriteVerbose($"{series.Count} series in {plan.Select(c => c.BatchNumber).Distinct().Count()} batch(es) x {plan.FirstOrDefault()?.WindowCount ?? 0} window(s): {plan.Count} request(s).");
            var progress = new ProgressRecord(_progressId, "Get-SoDataDatapoint", "Reading datapoints");
            int failedBatch = 0;
            // Up to -ThrottleLimit requests run ahead; their points are still written in plan order.
            var inFlight = new Queue<(DatapointsChunk Chunk, Task<DatapointsResponse> Response)>();
            int next = 0;
            for (int i = 0; i < plan.Count; i++)
            {
                for (; next < plan.Count && inFlight.Count < Concurrency; next++)
                {
                    DatapointsChunk ahead = plan[next];
                    if (ahead.BatchNumber == failedBatch) continue;
                    inFlight.Enqueue((ahead, Start(token => DatapointsApi.SendAsync(ActiveSession.Client, _query, ahead, token))));
                }
                if (inFlight.Count == 0) break;
                (DatapointsChunk chunk, Task<DatapointsResponse> pending) = inFlight.Dequeue();
                if (chunk.BatchNumber == failedBatch)
                {
                    pending.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    continue;
                }
                if (plan.Count > 1)
                {
                    progress.StatusDescription = $"Batch {chunk.BatchNumber} of {chunk.BatchCount} ({chunk.Series.Count} series), window {chunk.WindowNumber} of {chunk.WindowCount}";
                    progress.CurrentOperation = $"{chunk.From:yyyy-MM-dd HH:mm} to {chunk.To:yyyy-MM-dd HH:mm} ({chunk.From.Offset})";
                    progress.PercentComplete = (int)(100.0 * i / plan.Count);
                    WriteProgress(progress);
                }

                DatapointsResponse response;
                try
                {
                    response = Await(pending);
                }
                catch (Exception ex) when (ex is SoDataApiException || ex is SoDataAuthenticationException)
                {
                    ErrorRecord record = ToErrorRecord(ex, chunk.Series.Select(s => s.ToString()).ToArray());
                    record.ErrorDetails = new ErrorDetails(ex.Message +
                        $" (batch {chunk.BatchNumber} of {chunk.BatchCount}: {chunk.Series.Count} series, window {chunk.From:o} to {chunk.To:o}; the rest of this batch is skipped.)");
                    if (record.CategoryInfo.Category == ErrorCategory.AuthenticationError) ThrowTerminatingError(record);
                    WriteError(record);
                    failedBatch = chunk.BatchNumber;
                    continue;
                }

                List<DataPoint> points = DatapointsApi.ReadPoints(_query, chunk, response);
                if (Pivot) _pivotPoints.AddRange(points);
                else foreach (DataPoint point in points) WriteObject(point);
            }
            if (plan.Count > 1)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        /// <summary>One PSCustomObject per timestamp, in time order: Timestamp, then a column per series (null where it has no point).</summary>
        private void WritePivot()
        {
            List<string> labels = DatapointsPivot.Labels(_all);
            var column = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < _all.Count; i++) column[_all[i].Key] = i;

            TimeZoneInfo? zone = _query.UseDeviceLocalTimezone ? null : DatapointsTimeZones.Find(_query.TimeZone);
            var rows = new SortedDictionary<DateTimeOffset, double?[]>();
            foreach (DataPoint point in _pivotPoints)
            {
                if (!rows.TryGetValue(point.Timestamp, out double?[]? row)) rows[point.Timestamp] = row = new double?[_all.Count];
                string key = $"{point.CorporateAccountUuid}/{point.DeviceUuid}/{point.StreamRef}".ToLowerInvariant();
                if (column.TryGetValue(key, out int index)) row[index] = point.Value;
            }
            foreach (KeyValuePair<DateTimeOffset, double?[]> row in rows)
            {
                var output = new PSObject();
                // A plain date (wall time in -TimeZone) reads as a date in Excel; UTC when the zone is unknown here.
                DateTime timestamp = zone != null ? TimeZoneInfo.ConvertTime(row.Key, zone).DateTime : row.Key.UtcDateTime;
                output.Properties.Add(new PSNoteProperty("Timestamp", timestamp));
                for (int i = 0; i < labels.Count; i++) output.Properties.Add(new PSNoteProperty(labels[i], row.Value[i]));
                WriteObject(output);
            }
        }
    }
}
