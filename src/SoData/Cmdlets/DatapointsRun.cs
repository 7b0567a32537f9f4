using System;
using System.Collections.Generic;
using System.Linq;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>What a datapoints command does that its run needs to know; the defaults are Get-SoDataDatapoint's.</summary>
    internal sealed class DatapointsRunOptions
    {
        /// <summary>What a failed request means: SkipBatch (the rest of its batch is dropped, the command goes on) or Abort.</summary>
        public WorkFailure Failure { get; set; } = WorkFailure.SkipBatch;

        /// <summary>The last sentence of a failed request's error ("The rest of this batch is skipped.").</summary>
        public string FailureConsequence { get; set; } = "The rest of this batch is skipped.";

        /// <summary>The most points one request is planned to hold.</summary>
        public long MaxPointsPerRequest { get; set; } = DatapointsPlanner.DefaultMaxPointsPerRequest;

        /// <summary>
        /// True to send nothing before <see cref="DatapointsRun.Finish"/>, then every request window by window (every
        /// batch of window 1, then of window 2...): a pivot written window by window needs all its columns first.
        /// </summary>
        public bool HoldSeriesUntilEnd { get; set; }

        /// <summary>
        /// With <see cref="HoldSeriesUntilEnd"/>: the series in groups, each planned and sent whole before the next, so
        /// that a group's rows come together (a workbook's sheet per device); null for one group.
        /// </summary>
        public Func<IReadOnlyList<DatapointsSeries>, IEnumerable<IReadOnlyList<DatapointsSeries>>>? Groups { get; set; }

        /// <summary>The status line of the progress bar, asked each time it is drawn.</summary>
        public Func<string> Status { get; set; } = () => "Reading datapoints";
    }

    /// <summary>
    /// One datapoints command from its first input to its last error, the part Get-, Export- (and any later)
    /// datapoints cmdlets share: the range and query (<see cref="DatapointsRequest"/>), the series piped in (collected
    /// and de-duplicated once), their plan into requests, the one queue of requests in flight (at most -ThrottleLimit,
    /// in plan order, with the options' failure policy), the progress bars and request counts, which series had a
    /// point, the report of series that do not exist, and the zone times are shown in. The cmdlet declares the
    /// parameters and says what becomes of the points (<c>onPoints</c>, called in plan order on the pipeline thread).
    /// </summary>
    /// <remarks>
    /// A cmdlet calls <see cref="CheckRange"/> before its session (so a mistake is reported without one),
    /// <see cref="Start"/> after it, <see cref="Add"/> per input, and <see cref="Finish"/> in EndProcessing.
    /// </remarks>
    internal sealed class DatapointsRun
    {
        private readonly SoDataCmdlet _cmdlet;
        private readonly DatapointsRequest _request;
        private readonly CorporateAccountScope _accounts;
        private readonly Action<DatapointsChunk, IEnumerable<DataPoint>> _onPoints;
        private readonly DatapointsProgress _progress;
        private readonly HashSet<string> _accountedFor = new HashSet<string>(StringComparer.Ordinal); // had a point, or in a failed request
        private HashSet<string> _missing = new HashSet<string>(StringComparer.Ordinal);
        private OrderedWork? _inFlight;
        private int _batchesPlanned;
        private bool _warnedLargePlan;
        private (DateTimeOffset From, DateTimeOffset To) _range;

        /// <param name="onPoints">What the command does with the points of one response; it must enumerate them all.</param>
        internal DatapointsRun(SoDataCmdlet cmdlet, IDatapointsParameters parameters, CorporateAccountScope accounts,
            Action<DatapointsChunk, IEnumerable<DataPoint>> onPoints, DatapointsRunOptions? options = null)
        {
            _cmdlet = cmdlet;
            _request = new DatapointsRequest(cmdlet, parameters, accounts);
            _accounts = accounts;
            _onPoints = onPoints;
            Options = options ?? new DatapointsRunOptions();
            _progress = new DatapointsProgress(cmdlet);
        }

        internal DatapointsRunOptions Options { get; }

        /// <summary>The query, set by <see cref="Start"/>.</summary>
        internal DatapointsQuery Query => _request.Query;

        /// <summary>Every series collected, de-duplicated, in the order first seen (a pivot's columns).</summary>
        internal IReadOnlyList<DatapointsSeries> Series => _request.AllSeries;

        /// <summary>After <see cref="Finish"/>: the series that exist (every series, less those reported as not found).</summary>
        internal IReadOnlyList<DatapointsSeries> FoundSeries => Series.Where(s => !_missing.Contains(s.Key)).ToList();

        /// <summary>After <see cref="Finish"/>: true when no series is left to show (none given was usable, or none exists).</summary>
        internal bool NoSeriesFound => _missing.Count == Series.Count;

        /// <summary>Requests planned so far, and those whose points were handed over.</summary>
        internal int RequestsPlanned { get; private set; }

        internal int RequestsDone { get; private set; }

        /// <summary>The zone times are shown in: -TimeZone when known here; null (UTC for a pivot, as sent for points) with the devices' zones or a zone unknown here.</summary>
        internal TimeZoneInfo? ShownZone => Query.UseDeviceLocalTimezone ? _request.DeviceCalendarZone : DatapointsTimeZones.Find(Query.TimeZone);

        /// <summary>
        /// The zone a pivot's rows are shown in: <see cref="ShownZone"/>, or with -UseDeviceLocalTimezone the one zone of
        /// the series' devices (devices in several zones end the command, see <see cref="DevicePivotZone"/>). Call once
        /// every series is collected.
        /// </summary>
        internal TimeZoneInfo? PivotZone() => Query.UseDeviceLocalTimezone ? DevicePivotZone.Of(_cmdlet, _request.Facts, Series) : ShownZone;

        /// <summary>What the command learned of its devices (zones, variables), each asked once.</summary>
        internal DeviceFacts Devices => _request.Facts;

        /// <summary>Gives the series typed with -Series the unit and title of their variable (e.g. before a pivot's headers are made).</summary>
        internal void DescribeSeries() => _request.Describe(Series);

        /// <summary>Checks the range and query parameters; call before the session is taken. A mistake ends the command.</summary>
        internal void CheckRange() => _range = _request.CheckRange();

        /// <summary>Builds the query (after the session is taken, when the command is sure to run).</summary>
        internal void Start() => _request.StartQuery(_range, Options.MaxPointsPerRequest);

        /// <summary>
        /// Collects the series of one input (variables, devices with -Series, or a device uuid with -Series); the
        /// batches that are full start now, unless <see cref="DatapointsRunOptions.HoldSeriesUntilEnd"/>; responses that
        /// have arrived are handed over.
        /// </summary>
        internal void Add(Variable[]? variables, Device[]? devices, string? deviceUuid, string? deviceName, string[]? series)
        {
            _request.CollectSeries(variables, devices, deviceUuid, deviceName, series);
            if (Options.HoldSeriesUntilEnd) return;
            foreach (List<DatapointsSeries> batch in _request.TakeFullBatches()) Send(Plan(batch));
            _inFlight?.CompleteReady();
        }

        /// <summary>
        /// Sends what is left, hands over every response in plan order, takes the progress bars down, then reports the
        /// series that returned no point and do not exist (see <see cref="FoundSeries"/>, <see cref="NoSeriesFound"/>).
        /// </summary>
        internal void Finish()
        {
            if (Options.HoldSeriesUntilEnd)
            {
                foreach (IReadOnlyList<DatapointsSeries> group in Options.Groups?.Invoke(Series) ?? new[] { Series })
                    Send(Plan(group).OrderBy(c => c.Chunk.WindowNumber).ThenBy(c => c.Batch));
            }
            else
            {
                List<DatapointsSeries> rest = _request.TakeRest();
                if (rest.Count > 0) Send(Plan(rest));
            }
            _inFlight?.CompleteAll();
            _progress.Complete();
            _missing = MissingSeries.Report(_cmdlet, _accounts, Series.Where(s => !_accountedFor.Contains(s.Key)));
        }

        /// <summary>
        /// Sync-SoDataDatapoint: reads <paramref name="series"/> over [<paramref name="from"/>, <paramref name="to"/>)
        /// instead of the command's range (each series goes on from its own bookmark), through the same queue, progress
        /// and failure policy, and waits until every response is handed over. Nothing is sent by <see cref="Finish"/>
        /// for such a run: it calls <see cref="ReportMissing"/> instead. <paramref name="timeZone"/>: the zone of the
        /// series' own calendar (their device's) instead of the query's.
        /// </summary>
        internal void ReadWindow(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<DatapointsSeries> series, string? timeZone = null)
        {
            // Series typed with -Series get their Unit and Title, as in Get- and Export-SoDataDatapoint (listed once per device).
            _request.Describe(series);
            DatapointsQuery window = Query.Over(from, to);
            if (timeZone != null) window.TimeZone = timeZone;
            IReadOnlyList<DatapointsChunk> plan = DatapointsPlanner.Plan(window, series.ToList());
            foreach (DatapointsChunk chunk in plan) chunk.Query = window;
            Send(Counted(plan, Numbered(plan), series));
            _inFlight?.CompleteAll();
        }

        /// <summary>After the last <see cref="ReadWindow"/>: takes the progress bars down and reports the series that returned no point and do not exist.</summary>
        internal void ReportMissing()
        {
            _progress.Complete();
            _missing = MissingSeries.Report(_cmdlet, _accounts, Series.Where(s => !_accountedFor.Contains(s.Key)));
        }

        /// <summary>The requests for <paramref name="series"/>: batches times windows, each with its batch number in the whole command.</summary>
        private List<(DatapointsChunk Chunk, int Batch)> Plan(IReadOnlyList<DatapointsSeries> series)
        {
            var plan = new List<DatapointsChunk>();
            var numbered = new List<(DatapointsChunk, int)>();
            // One query, or one per device zone with -UseDeviceLocalTimezone on a calendar range (DeviceCalendars).
            foreach ((DatapointsQuery query, List<DatapointsSeries> group) in _request.Queries(series))
            {
                IReadOnlyList<DatapointsChunk> chunks = DatapointsPlanner.Plan(query, group);
                foreach (DatapointsChunk chunk in chunks) if (query != Query) chunk.Query = query;
                numbered.AddRange(Numbered(chunks));
                plan.AddRange(chunks);
            }
            return Counted(plan, numbered, series);
        }

        /// <summary>
        /// Numbers the batches of one planner result across the whole command: series piped in are planned a few batches
        /// at a time, each device zone's query and each Sync window on its own.
        /// </summary>
        private List<(DatapointsChunk Chunk, int Batch)> Numbered(IReadOnlyList<DatapointsChunk> chunks)
        {
            var numbered = chunks.Select(chunk => (chunk, _batchesPlanned + chunk.BatchNumber)).ToList();
            _batchesPlanned += chunks.Count == 0 ? 0 : chunks.Max(c => c.BatchNumber);
            return numbered;
        }

        /// <summary>Counts <paramref name="plan"/>'s requests, warns once when the command's plan grows large, and says the plan in -Verbose.</summary>
        private List<(DatapointsChunk Chunk, int Batch)> Counted(IReadOnlyList<DatapointsChunk> plan, List<(DatapointsChunk Chunk, int Batch)> numbered, IReadOnlyList<DatapointsSeries> series)
        {
            RequestsPlanned += plan.Count;
            if (RequestsPlanned > DatapointsLimits.LargePlan && !_warnedLargePlan)
            {
                // Said once, with the count, before the requests that cross the line are sent.
                _warnedLargePlan = true;
                _cmdlet.WriteWarning(DatapointsLimits.LargePlanWarning(RequestsPlanned, series.Count, plan.FirstOrDefault()?.WindowCount ?? 0));
            }
            _cmdlet.WriteVerbose($"{series.Count} series in {plan.Select(c => c.BatchNumber).Distinct().Count()} batch(es) x {plan.FirstOrDefault()?.WindowCount ?? 0} window(s): {plan.Count} request(s).");
            return numbered;
        }

        private void Send(IEnumerable<(DatapointsChunk Chunk, int Batch)> plan)
        {
            _inFlight ??= new OrderedWork(_cmdlet, _cmdlet.Async, _cmdlet.ThrottleLimit, Options.Failure);
            foreach ((DatapointsChunk chunk, int batch) in plan)
            {
                _inFlight.Add(chunk, token => DatapointsApi.SendAsync(_cmdlet.ActiveSession.Client, Query, chunk, token),
                    response =>
                    {
                        RequestsDone++;
                        _onPoints(chunk, Tracked(DatapointsApi.EnumeratePoints(Query, chunk, response)));
                    },
                    batch: batch,
                    completing: () => _progress.Write(chunk, batch, _batchesPlanned, RequestsDone, RequestsPlanned, Options.Status()),
                    toError: ex => DatapointsRequest.ChunkError(ex, chunk, Options.FailureConsequence),
                    // A series of a failed request may have points: it is not checked for existence.
                    failed: () => _accountedFor.UnionWith(chunk.Series.Select(s => s.Key)));
            }
        }

        /// <summary>Remembers which series had a point, so that only empty ones are checked for existence at the end.</summary>
        private IEnumerable<DataPoint> Tracked(IEnumerable<DataPoint> points)
        {
            DataPoint? previous = null;
            foreach (DataPoint point in points)
            {
                // A response's points come series by series: one key per run of points, not one string per point.
                if (previous == null || !ReferenceEquals(point.DeviceUuid, previous.DeviceUuid) || !ReferenceEquals(point.ItemType, previous.ItemType) ||
                    point.ItemIndex != previous.ItemIndex || point.ServiceId != previous.ServiceId || !ReferenceEquals(point.CorporateAccountUuid, previous.CorporateAccountUuid))
                {
                    _accountedFor.Add(DatapointsSeries.KeyOf(point));
                }
                previous = point;
                yield return point;
            }
        }
    }
}
