using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// What Get-SoDataDatapoint and Export-SoDataDatapoint share: the range and shape of the query, its checks, and
    /// the collecting of series from the pipeline (variables, or devices with -Series), de-duplicated and grouped into
    /// batches of one corporate account. Each cmdlet declares its own input parameters (their parameter sets differ)
    /// and decides what to do with the points.
    /// </summary>
    public abstract class DatapointsCmdlet : MeasurementCmdlet
    {
        private readonly List<DatapointsSeries> _pending = new List<DatapointsSeries>();
        private readonly List<DatapointsSeries> _all = new List<DatapointsSeries>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private DateTimeOffset _from;
        private DateTimeOffset _to;

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

        private int _progressId;
        private int _batchesPlanned;
        private readonly Dictionary<DatapointsChunk, int> _batchNumbers = new Dictionary<DatapointsChunk, int>();

        /// <summary>
        /// Two progress bars: the command's, with the share of all requests planned so far that are done, and under it
        /// the current batch's, with its window. Nothing for a single request, which a person does not wait on.
        /// </summary>
        protected void WriteRequestProgress(DatapointsChunk chunk, int done, int planned, string status)
        {
            if (planned <= 1) return;
            if (_progressId == 0) _progressId = Math.Abs(GetHashCode() % 100000) + 1;
            WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, status)
            {
                PercentComplete = Math.Min(100, (int)(100.0 * done / planned)),
                CurrentOperation = $"Request {Math.Min(done + 1, planned)} of {planned}",
            });
            int batch = _batchNumbers.TryGetValue(chunk, out int number) ? number : chunk.BatchNumber;
            _batchNumbers.Remove(chunk);
            WriteProgress(new ProgressRecord(_progressId + 1, $"Batch {batch} of {Math.Max(batch, _batchesPlanned)} ({chunk.Series.Count} series)",
                $"Window {chunk.WindowNumber} of {chunk.WindowCount}: {chunk.From:yyyy-MM-dd HH:mm} to {chunk.To:yyyy-MM-dd HH:mm} ({chunk.From.Offset})")
            {
                ParentActivityId = _progressId,
                PercentComplete = Math.Min(100, (int)(100.0 * (chunk.WindowNumber - 1) / Math.Max(1, chunk.WindowCount))),
            });
        }

        /// <summary>Takes both progress bars down.</summary>
        protected void CompleteRequestProgress()
        {
            if (_progressId == 0) return;
            WriteProgress(new ProgressRecord(_progressId + 1, "Batch", "Done") { ParentActivityId = _progressId, RecordType = ProgressRecordType.Completed });
            WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>The query, set by <see cref="StartQuery"/>.</summary>
        protected DatapointsQuery Query { get; private set; } = null!;

        /// <summary>Every series collected so far, in the order first seen (the pivot's columns).</summary>
        protected IReadOnlyList<DatapointsSeries> AllSeries => _all;

        /// <summary>Series collected but not yet handed to <see cref="TakeFullBatches"/>.</summary>
        protected List<DatapointsSeries> PendingSeries => _pending;

        /// <summary>False to hold every series until EndProcessing (e.g. a pivot written window by window).</summary>
        protected virtual bool SendsAsItGoes => true;

        /// <summary>
        /// Checks what the user typed before anything else, so a mistake is reported even without a session: an
        /// aggregation with Raw, a range that is empty or backwards.
        /// </summary>
        protected void CheckRange()
        {
            if (Granularity == Granularity.Raw && MyInvocation.BoundParameters.ContainsKey(nameof(Aggregation)))
            {
                ThrowTerminatingError(InvalidArgument("AggregationWithRawGranularity",
                    $"-Aggregation {Aggregation} cannot be used with -Granularity Raw: raw points are not aggregated. Give -Granularity Minute, Hour, Day, Week, Month or Year, or leave -Aggregation out.",
                    Aggregation));
            }
            _to = MyInvocation.BoundParameters.ContainsKey(nameof(To)) ? To : DateTimeOffset.Now;
            _from = MyInvocation.BoundParameters.ContainsKey(nameof(From)) ? From : _to.AddDays(-1);
            if (_from >= _to)
            {
                ThrowTerminatingError(InvalidArgument("FromNotBeforeTo",
                    $"-From ({_from:o}) must be before -To ({_to:o}): the range is from -From (inclusive) to -To (exclusive).", _from));
            }
        }

        /// <summary>Builds the query from the checked range; call after <see cref="CheckRange"/> and the session check.</summary>
        protected void StartQuery(long maxPointsPerRequest = DatapointsPlanner.DefaultMaxPointsPerRequest)
        {
            Query = new DatapointsQuery
            {
                From = _from,
                To = _to,
                Granularity = Granularity,
                Aggregation = Granularity == Granularity.Raw ? (Aggregation?)null : Aggregation,
                TimeZone = TimeZone.Trim(),
                UseDeviceLocalTimezone = UseDeviceLocalTimezone.IsPresent,
                BatchSize = BatchSize,
                MaxPointsPerRequest = maxPointsPerRequest,
            };
            if (DatapointsTimeZones.Find(Query.TimeZone) == null)
            {
                WriteWarning($"The time zone '{Query.TimeZone}' is not known on this computer; it is sent to the API as is." +
                    (Granularity == Granularity.Raw ? string.Empty : " Aggregated requests are not split in time (fewer series per request instead)."));
            }
            WriteVerbose($"Datapoints from {_from:o} (inclusive) to {_to:o} (exclusive), {DatapointsApi.WireName(Granularity)}" +
                (Query.EffectiveAggregation is { } a ? "/" + DatapointsApi.WireName(a) : string.Empty) + $", time zone {Query.TimeZone}.");
        }

        /// <summary>Collects the series of one input, whichever way it came: variables, devices with -Series, or a device uuid with -Series.</summary>
        protected void CollectSeries(Variable[]? variables, Device[]? devices, string? deviceUuid, string? deviceName, string[]? series)
        {
            foreach (Variable variable in variables ?? Array.Empty<Variable>()) AddVariable(variable);
            foreach (Device device in devices ?? Array.Empty<Device>())
            {
                if (string.IsNullOrEmpty(device.Uuid))
                {
                    WriteError(InvalidArgument("DeviceWithoutUuid", "-Device: a device without a Uuid cannot be read.", device));
                    continue;
                }
                AddSeries(device.CorporateAccountUuid, device.Uuid!, device.Name, series!, device);
            }
            if (deviceUuid != null) AddSeries(null, deviceUuid, deviceName, series!, deviceUuid);
        }

        /// <summary>Takes the batches of a corporate account's series that are full, so their requests can start now.</summary>
        protected IEnumerable<List<DatapointsSeries>> TakeFullBatches()
        {
            foreach (IGrouping<string, DatapointsSeries> account in _pending.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase).ToList())
            {
                if (account.Count() < BatchSize) continue;
                List<DatapointsSeries> batch = account.Take(BatchSize).ToList();
                foreach (DatapointsSeries s in batch) _pending.Remove(s);
                yield return batch;
            }
        }

        /// <summary>The requests for <paramref name="series"/>: batches times windows.</summary>
        protected IReadOnlyList<DatapointsChunk> Plan(IReadOnlyList<DatapointsSeries> series)
        {
            IReadOnlyList<DatapointsChunk> plan = DatapointsPlanner.Plan(Query, series.ToList());
            // Series piped in are planned a few batches at a time: number the batches across the whole command.
            foreach (DatapointsChunk chunk in plan) _batchNumbers[chunk] = _batchesPlanned + chunk.BatchNumber;
            _batchesPlanned += plan.Count == 0 ? 0 : plan.Max(c => c.BatchNumber);
            WriteVerbose($"{series.Count} series in {plan.Select(c => c.BatchNumber).Distinct().Count()} batch(es) x {plan.FirstOrDefault()?.WindowCount ?? 0} window(s): {plan.Count} request(s).");
            return plan;
        }

        /// <summary>The error of a failed request: the API's message, then which batch and window, then what follows from it.</summary>
        protected static ErrorRecord ChunkError(Exception exception, DatapointsChunk chunk, string consequence)
        {
            ErrorRecord record = ToErrorRecord(exception, chunk.Series.Select(s => s.ToString()).ToArray());
            record.ErrorDetails = new ErrorDetails(exception.Message +
                $" (batch {chunk.BatchNumber} of {chunk.BatchCount}: {chunk.Series.Count} series, window {chunk.From:o} to {chunk.To:o}.) {consequence}");
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
            if (SendsAsItGoes) _pending.Add(series);
        }
    }
}
