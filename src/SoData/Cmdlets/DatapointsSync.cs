using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SoData.Archive;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// One run of Sync-SoDataDatapoint, which the cmdlet owns: under the archive's lock, each series' window (bookmark
    /// minus lookback, or -From), the reads step by step (one partition each), the merges, then the state, written last.
    /// A failed request ends the run: the partitions already merged are exact, the state still holds the old bookmarks,
    /// so the next run reads those windows again and the merge keeps one row per point.
    /// </summary>
    internal sealed class DatapointsSync : IDisposable
    {
        private readonly Cmdlet _cmdlet;
        private readonly DatapointsRun _run;
        private readonly ArchiveFolder _folder;
        private readonly ArchiveSettings _settings;
        private readonly TimeZoneInfo _zone;
        private ArchiveLock? _lock;

        /// <summary>About the most new points one step reads before they are merged (the estimate assumes a raw point a minute).</summary>
        private const long MaxPointsPerStep = 1_000_000;

        // The step being read: its points, and the series it reads by key.
        private List<DataPoint> _stepPoints = new List<DataPoint>();
        private Dictionary<string, Window> _stepSeries = new Dictionary<string, Window>(StringComparer.Ordinal);

        internal DatapointsSync(Cmdlet cmdlet, DatapointsRun run, ArchiveFolder folder, ArchiveSettings settings, TimeZoneInfo zone)
        {
            _cmdlet = cmdlet;
            _run = run;
            _folder = folder;
            _settings = settings;
            _zone = zone;
        }

        /// <summary>A series of this run: where it starts, and what it got.</summary>
        private sealed class Window
        {
            public Window(DatapointsSeries series, DateTimeOffset from, DateTimeOffset? previousBookmark)
            {
                Series = series;
                From = from;
                PreviousBookmark = previousBookmark;
            }

            public DatapointsSeries Series { get; }
            public DateTimeOffset From { get; }
            public DateTimeOffset? PreviousBookmark { get; }
            public bool HadPoints { get; set; }
            public DatapointSyncResult Result { get; } = new DatapointSyncResult();
        }

        /// <summary>Reads a state file, or ends the command with an error naming it.</summary>
        internal static ArchiveState ReadState(Cmdlet cmdlet, string path)
        {
            try
            {
                return ArchiveState.Read(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ex is InvalidDataException ? "ArchiveStateUnreadable" : "CannotReadArchive",
                    ex is InvalidDataException ? ErrorCategory.InvalidData : ErrorCategory.ReadError, path)
                {
                    ErrorDetails = new ErrorDetails($"The archive's state file cannot be read: {ex.Message} Nothing was read or written."),
                });
                throw;
            }
        }

        /// <summary>Runs the sync and returns one result per series synced.</summary>
        internal List<DatapointSyncResult> Run(DateTimeOffset? newSeriesFrom, DateTimeOffset to, TimeSpan lookback)
        {
            Lock();
            ArchiveState state = File.Exists(_folder.StatePath) ? ReadState(_cmdlet, _folder.StatePath) : new ArchiveState();
            if (state.Settings.Differences(_settings).Any() && state.Series.Count > 0)
            {
                // Another run changed the archive between this one's start and its lock: its settings win; this run stops.
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("ArchiveSettingsDiffer",
                    $"The archive in '{_folder.Path}' was meanwhile synced with other settings; nothing was read or written. Run again.", _folder.Path));
            }
            state.Settings = _settings;

            List<Window> windows = Windows(state, newSeriesFrom, to, lookback);
            if (windows.Count > 0)
            {
                // New points are held one step at a time: at most about a million (at one raw point a minute per series).
                int maxDays = (int)Math.Max(1, Math.Min(31, MaxPointsPerStep / (windows.Count * 1440L)));
                foreach ((DateTimeOffset stepFrom, DateTimeOffset stepTo) in SyncSteps.Cut(windows.Min(w => w.From), to, _zone, _settings.Partition, _settings.Granularity, maxDays))
                    ReadAndMerge(windows.Where(w => w.From < stepTo).ToList(), stepFrom, stepTo);
            }

            // Series that returned nothing: those that do not exist are errors (and get no bookmark); the others, a warning.
            _run.ReportMissing();
            var found = new HashSet<string>(_run.FoundSeries.Select(s => s.Key), StringComparer.Ordinal);
            var missing = new HashSet<string>(windows.Select(w => w.Series.Key).Where(key => !found.Contains(key)), StringComparer.Ordinal);
            var results = new List<DatapointSyncResult>();
            foreach (Window w in windows)
            {
                if (missing.Contains(w.Series.Key)) continue;
                if (!w.HadPoints)
                    _cmdlet.WriteWarning($"{w.Series}: no point at all from {Show(w.From)} to {Show(to)}. Has the device stopped sending?");
                string key = ArchiveSeriesState.KeyOf(w.Series.CorporateAccountUuid, w.Series.DeviceUuid, w.Series.Ref.ToString());
                state.Series.TryGetValue(key, out ArchiveSeriesState? known);
                DateTimeOffset? last = known?.LastPoint;
                if (w.Result.LastNew.HasValue && (!last.HasValue || w.Result.LastNew > last)) last = w.Result.LastNew;
                DateTimeOffset bookmark = to;
                state.Series[key] = new ArchiveSeriesState
                {
                    CorporateAccountUuid = w.Series.CorporateAccountUuid,
                    DeviceUuid = w.Series.DeviceUuid,
                    DeviceName = w.Series.DeviceName ?? known?.DeviceName,
                    StreamRef = w.Series.Ref.ToString(),
                    Bookmark = InZone(bookmark),
                    LastPoint = last.HasValue ? InZone(last.Value) : (DateTimeOffset?)null,
                };
                w.Result.Bookmark = InZone(bookmark);
                results.Add(w.Result);
            }
            if (results.Count > 0 || File.Exists(_folder.StatePath))
            {
                state.Updated = InZone(DateTimeOffset.UtcNow);
                Write(() => _folder.WriteState(state), _folder.StatePath);
            }
            _cmdlet.WriteVerbose($"Archive state written to '{_folder.StatePath}'.");
            Dispose();
            return results;
        }

        /// <summary>Releases the lock (and with it the folder). A run stopped before its state was written keeps its old bookmarks.</summary>
        public void Dispose()
        {
            _lock?.Dispose();
            _lock = null;
        }

        private void Lock()
        {
            try
            {
                Directory.CreateDirectory(_folder.Path);
                _lock = ArchiveLock.Acquire(_folder.Path);
            }
            catch (ArchiveLockedException ex)
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "ArchiveLocked", ErrorCategory.ResourceBusy, _folder.Path));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "CannotWriteArchive", ErrorCategory.WriteError, _folder.Path)
                {
                    ErrorDetails = new ErrorDetails($"-Path: cannot write in '{_folder.Path}': {ex.Message}"),
                });
            }
            if (_lock!.TakenOverFrom != null)
                _cmdlet.WriteWarning($"The lock of '{_folder.Path}' was left by {_lock.TakenOverFrom}, which is gone (killed, or the computer restarted): taken over. This run completes what that one left.");
            foreach (string leftover in Write(() => _folder.DeleteLeftovers(), _folder.Path))
                _cmdlet.WriteVerbose($"Deleted '{leftover}', left by a run that was stopped.");
        }

        /// <summary>Each series' window: from its bookmark minus the lookback, or -From for a series the archive has never seen.</summary>
        private List<Window> Windows(ArchiveState state, DateTimeOffset? newSeriesFrom, DateTimeOffset to, TimeSpan lookback)
        {
            var windows = new List<Window>();
            foreach (DatapointsSeries series in _run.Series)
            {
                string key = ArchiveSeriesState.KeyOf(series.CorporateAccountUuid, series.DeviceUuid, series.Ref.ToString());
                DateTimeOffset from;
                string why;
                if (state.Series.TryGetValue(key, out ArchiveSeriesState? known))
                {
                    from = known.Bookmark - lookback;
                    why = $"bookmark {Show(known.Bookmark)} minus -Lookback {lookback}";
                    if (series.DeviceName == null) series.DeviceName = known.DeviceName;
                }
                else if (newSeriesFrom.HasValue)
                {
                    from = newSeriesFrom.Value;
                    why = "-From: new to the archive";
                }
                else
                {
                    _cmdlet.WriteError(ErrorRecords.InvalidArgument("FromRequiredForNewSeries",
                        $"{series} is new to the archive in '{_folder.Path}': give -From, where its history starts. It was not synced.", series.Ref.ToString()));
                    continue;
                }
                from = ArchivePartitions.StepStart(from, _settings.Granularity, _zone);
                if (from >= to)
                {
                    _cmdlet.WriteVerbose($"{series}: nothing to read, its window starts at {Show(from)}, not before -To {Show(to)}.");
                    continue;
                }
                _cmdlet.WriteVerbose($"{series}: from {Show(from)} ({why}) to {Show(to)}.");
                var window = new Window(series, from, known?.Bookmark);
                window.Result.DeviceUuid = series.DeviceUuid;
                window.Result.DeviceName = series.DeviceName;
                window.Result.StreamRef = series.Ref.ToString();
                window.Result.CorporateAccountUuid = series.CorporateAccountUuid;
                windows.Add(window);
            }
            return windows;
        }

        /// <summary>The status line of the progress bar: the step being read.</summary>
        internal string Status { get; private set; } = "Syncing datapoints";

        /// <summary>The points of one response of the step being read (from the run, in plan order, on the pipeline thread).</summary>
        internal void Take(IEnumerable<DataPoint> points)
        {
            foreach (DataPoint point in points)
            {
                if (_stepSeries.TryGetValue(DatapointsSeries.KeyOf(point), out Window? w)) w.HadPoints = true;
                _stepPoints.Add(point);
            }
        }

        /// <summary>One step: every series' points in [from, to) read (series that start later are read from their own start), then merged partition by partition.</summary>
        private void ReadAndMerge(List<Window> windows, DateTimeOffset from, DateTimeOffset to)
        {
            var points = _stepPoints = new List<DataPoint>();
            var bySeries = _stepSeries = windows.ToDictionary(w => w.Series.Key, StringComparer.Ordinal);
            Status = $"{windows.Count} series, {Show(from)} to {Show(to)}";
            foreach (IGrouping<DateTimeOffset, Window> group in windows.GroupBy(w => w.From > from ? w.From : from))
                _run.ReadWindow(group.Key, to, group.Select(w => w.Series).ToList());

            foreach (IGrouping<string, DataPoint> partition in points.GroupBy(p => ArchivePartitions.Name(p.Timestamp, _zone, _settings.Partition)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                List<DataPoint> sorted = ArchiveOrder.SortedUnique(partition);
                string file = _folder.PartitionPath(partition.Key);
                MergeOutcome outcome = Write(() => _folder.MergePartition(partition.Key, sorted, point => Count(bySeries, point)), file);
                _cmdlet.WriteVerbose(outcome.Changed
                    ? $"'{file}': {outcome.Added} point(s) added, {outcome.Replaced} replaced, {outcome.Rows} row(s)."
                    : $"'{file}': unchanged ({outcome.Rows} row(s)).");
            }
        }

        private static void Count(Dictionary<string, Window> bySeries, DataPoint point)
        {
            if (!bySeries.TryGetValue(DatapointsSeries.KeyOf(point), out Window? w)) return;
            DatapointSyncResult r = w.Result;
            r.Added++;
            if (w.PreviousBookmark.HasValue && point.Timestamp < w.PreviousBookmark.Value) r.Late++;
            if (!r.FirstNew.HasValue || point.Timestamp < r.FirstNew) r.FirstNew = point.Timestamp;
            if (!r.LastNew.HasValue || point.Timestamp > r.LastNew) r.LastNew = point.Timestamp;
        }

        /// <summary>Runs a file operation; a failure ends the command naming the file (each file is left as it was).</summary>
        private T Write<T>(Func<T> action, string file)
        {
            try
            {
                return action();
            }
            catch (InvalidDataException ex)
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "ArchiveFileUnreadable", ErrorCategory.InvalidData, file)
                {
                    ErrorDetails = new ErrorDetails($"{ex.Message} The sync stopped; the file was left as it was."),
                });
                throw;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "CannotWriteArchive", ErrorCategory.WriteError, file)
                {
                    ErrorDetails = new ErrorDetails($"Could not write '{file}': {ex.Message} The sync stopped; every file is as it was or complete, and the next run goes on from the last state."),
                });
                throw;
            }
        }

        private void Write(Action action, string file) => Write(() =>
        {
            action();
            return 0;
        }, file);

        private DateTimeOffset InZone(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, _zone);

        private string Show(DateTimeOffset time) => InZone(time).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
    }
}
