using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
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
        private readonly PSCmdlet _cmdlet;
        private readonly AsyncRunner _async;
        private readonly PipedInput _input;
        private readonly string _command;
        private readonly DatapointsRequest _request;
        private readonly Func<string?, object?, string?> _resolveAccount;
        private readonly Func<string, string> _describeAccount;
        private readonly Action<DatapointsChunk, IEnumerable<DataPoint>> _onPoints;
        private readonly DatapointsProgress _progress;
        // The series collected: all, in the order first seen; those not yet planned; the keys seen (a series is read once).
        private readonly List<DatapointsSeries> _series = new List<DatapointsSeries>();
        private readonly List<DatapointsSeries> _pending = new List<DatapointsSeries>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _accountedFor = new HashSet<string>(StringComparer.Ordinal); // had a point, or in a failed request
        private HashSet<string> _missing = new HashSet<string>(StringComparer.Ordinal);
        private SoDataSession? _session;
        private DeviceFacts? _facts;
        private SeriesInputs? _inputs;
        private OrderedWork? _inFlight;
        private int _throttleLimit = 1;
        private int _batchesPlanned;
        private bool _warnedLargePlan;
        private (DateTimeOffset From, DateTimeOffset To) _range;

        /// <param name="cmdlet">The command's PowerShell surface: where points, errors, progress and verbose lines are written.</param>
        /// <param name="async">Runs the requests (the command's cancellation and its share of the session's throttle).</param>
        /// <param name="input">Says which piped row an error is about.</param>
        /// <param name="command">The command's name (progress, and the error of an input that is not a variable).</param>
        /// <param name="parameters">The range parameters the command declares.</param>
        /// <param name="resolveAccount">The corporate account of an input (see <see cref="CorporateAccountScope"/>): from its own uuid, else the command's; null after an error.</param>
        /// <param name="describeAccount">"corporate account 'SoLink'" from a uuid, for the errors of devices that do not exist.</param>
        /// <param name="onPoints">What the command does with the points of one response; it must enumerate them all.</param>
        internal DatapointsRun(PSCmdlet cmdlet, AsyncRunner async, PipedInput input, string command, IDatapointsParameters parameters,
            Func<string?, object?, string?> resolveAccount, Func<string, string> describeAccount,
            Action<DatapointsChunk, IEnumerable<DataPoint>> onPoints, DatapointsRunOptions? options = null)
        {
            _cmdlet = cmdlet;
            _async = async;
            _input = input;
            _command = command;
            _request = new DatapointsRequest(cmdlet, parameters);
            _resolveAccount = resolveAccount;
            _describeAccount = describeAccount;
            _onPoints = onPoints;
            Options = options ?? new DatapointsRunOptions();
            _progress = new DatapointsProgress(cmdlet, command);
        }

        internal DatapointsRunOptions Options { get; }

        /// <summary>The query, set by <see cref="Start"/>.</summary>
        internal DatapointsQuery Query => _request.Query;

        /// <summary>Every series collected, de-duplicated, in the order first seen (a pivot's columns).</summary>
        internal IReadOnlyList<DatapointsSeries> Series => _series;

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
        /// <param name="bound">The names of the parameters the user gave (MyInvocation.BoundParameters.Keys).</param>
        internal void CheckRange(IEnumerable<string> bound) => _range = _request.CheckRange(bound);

        /// <summary>Builds the query (after the session is taken, when the command is sure to run).</summary>
        /// <param name="session">The session every request goes through.</param>
        /// <param name="throttleLimit">The most requests of this command in flight at once (-ThrottleLimit).</param>
        internal void Start(SoDataSession session, int throttleLimit)
        {
            _session = session;
            _throttleLimit = throttleLimit;
            _facts = new DeviceFacts(_cmdlet, _async, session);
            _inputs = new SeriesInputs(_cmdlet, _input, _command, _resolveAccount, _facts);
            _request.StartQuery(_range, Options.MaxPointsPerRequest, _facts);
        }

        /// <summary>
        /// Collects the series of one input (variables, devices with -Series, or a device uuid with -Series), each once
        /// per command; the batches that are full start now, unless <see cref="DatapointsRunOptions.HoldSeriesUntilEnd"/>;
        /// responses that have arrived are handed over.
        /// </summary>
        internal void Add(Variable[]? variables, Device[]? devices, string? deviceUuid, string? deviceName, string[]? series)
        {
            foreach (DatapointsSeries one in _inputs!.Of(variables, devices, deviceUuid, deviceName, series))
            {
                if (!_seen.Add(one.Key))
                {
                    _cmdlet.WriteVerbose($"{one} is already in this request; read once.");
                    continue;
                }
                _series.Add(one);
                _pending.Add(one);
            }
            if (Options.HoldSeriesUntilEnd) return;
            foreach (List<DatapointsSeries> batch in TakeFullBatches()) Send(Plan(batch));
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
                List<DatapointsSeries> rest = _pending.ToList();
                _pending.Clear();
                if (rest.Count > 0) Send(Plan(rest));
            }
            _inFlight?.CompleteAll();
            _progress.Complete();
            _missing = MissingSeries.Report(_cmdlet, _facts!, _describeAccount, Series.Where(s => !_accountedFor.Contains(s.Key)));
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
            _missing = MissingSeries.Report(_cmdlet, _facts!, _describeAccount, Series.Where(s => !_accountedFor.Contains(s.Key)));
        }

        /// <summary>Takes the batches of a corporate account's series that are full (-BatchSize series), so their requests can start now.</summary>
        private IEnumerable<List<DatapointsSeries>> TakeFullBatches()
        {
            int size = Query.BatchSize;
            foreach (IGrouping<string, DatapointsSeries> account in _pending.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase).ToList())
            {
                if (account.Count() < size) continue;
                List<DatapointsSeries> batch = account.Take(size).ToList();
                foreach (DatapointsSeries s in batch) _pending.Remove(s);
                yield return batch;
            }
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
            _inFlight ??= new OrderedWork(_cmdlet, _async, _throttleLimit, Options.Failure);
            foreach ((DatapointsChunk chunk, int batch) in plan)
            {
                _inFlight.Add(chunk, token => DatapointsApi.SendAsync(_session!.Client, Query, chunk, token),
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
