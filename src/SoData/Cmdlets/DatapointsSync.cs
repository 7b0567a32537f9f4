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

        /// <summary>Set with -UseDeviceLocalTimezone: each series on its device's calendar instead of -TimeZone's.</summary>
        internal SyncDeviceCalendars? DeviceCalendars { get; set; }

        /// <summary>About the most new points one step reads before they are merged (the estimate assumes a raw point a minute).</summary>
        private const long MaxPointsPerStep = 1_000_000;

        // The step being read: its points, and the series it reads by key.
        private List<DataPoint> _stepPoints = new List<DataPoint>();
        private Dictionary<string, SyncWindow> _stepSeries = new Dictionary<string, SyncWindow>(StringComparer.Ordinal);

        internal DatapointsSync(Cmdlet cmdlet, DatapointsRun run, ArchiveFolder folder, ArchiveSettings settings, TimeZoneInfo zone)
        {
            _cmdlet = cmdlet;
            _run = run;
            _folder = folder;
            _settings = settings;
            _zone = zone;
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

            // One calendar (-TimeZone's), or each series on its device's (a series of a device without a zone is left out).
            var archiveCalendar = new ArchiveCalendar(_settings.TimeZone, _zone, newSeriesFrom, to);
            Dictionary<string, ArchiveCalendar>? deviceCalendars = DeviceCalendars?.Of(_run.Series, state);
            List<SyncWindow> windows = Windows(state, series => deviceCalendars == null ? archiveCalendar : deviceCalendars.TryGetValue(series.Key, out ArchiveCalendar? c) ? c : null, lookback);
            // Calendar by calendar: a step's points all fall in partitions of one zone's calendar.
            foreach (IGrouping<ArchiveCalendar, SyncWindow> calendar in windows.GroupBy(w => w.Calendar).OrderBy(g => g.Key.ZoneId, StringComparer.Ordinal))
            {
                // New points are held one step at a time: at most about a million (at one raw point a minute per series).
                int maxDays = (int)Math.Max(1, Math.Min(31, MaxPointsPerStep / (calendar.Count() * 1440L)));
                foreach ((DateTimeOffset stepFrom, DateTimeOffset stepTo) in SyncSteps.Cut(calendar.Min(w => w.From), calendar.Key.To, calendar.Key.Zone, _settings.Partition, _settings.Granularity, maxDays))
                    ReadAndMerge(calendar.Where(w => w.From < stepTo).ToList(), stepFrom, stepTo, calendar.Key, deviceCalendars != null);
            }

            // Series that returned nothing: those that do not exist are errors (and get no bookmark); the others, a warning.
            _run.ReportMissing();
            var found = new HashSet<string>(_run.FoundSeries.Select(s => s.Key), StringComparer.Ordinal);
            var missing = new HashSet<string>(windows.Select(w => w.Series.Key).Where(key => !found.Contains(key)), StringComparer.Ordinal);
            var results = new List<DatapointSyncResult>();
            foreach (SyncWindow w in windows)
            {
                if (missing.Contains(w.Series.Key)) continue;
                ArchiveCalendar cal = w.Calendar;
                if (!w.HadPoints)
                    _cmdlet.WriteWarning($"{w.Series}: no point at all from {cal.Show(w.From)} to {cal.Show(cal.To)}. Has the device stopped sending?");
                string key = ArchiveSeriesState.KeyOf(w.Series.CorporateAccountUuid, w.Series.DeviceUuid, w.Series.Ref.ToString());
                state.Series.TryGetValue(key, out ArchiveSeriesState? known);
                DateTimeOffset? last = known?.LastPoint;
                if (w.Result.LastNew.HasValue && (!last.HasValue || w.Result.LastNew > last)) last = w.Result.LastNew;
                DateTimeOffset bookmark = cal.To;
                state.Series[key] = new ArchiveSeriesState
                {
                    CorporateAccountUuid = w.Series.CorporateAccountUuid,
                    DeviceUuid = w.Series.DeviceUuid,
                    DeviceName = w.Series.DeviceName ?? known?.DeviceName,
                    StreamRef = w.Series.Ref.ToString(),
                    Bookmark = cal.InZone(bookmark),
                    LastPoint = last.HasValue ? cal.InZone(last.Value) : (DateTimeOffset?)null,
                    // Kept for life in an archive on the devices' calendars: the series' points never move to another zone's partitions.
                    TimeZone = deviceCalendars != null ? known?.TimeZone ?? cal.ZoneId : null,
                };
                w.Result.Bookmark = cal.InZone(bookmark);
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

        /// <summary>
        /// Each series' window on its calendar: from its bookmark minus the lookback, or -From for a series the archive
        /// has never seen, to -To. A series without a calendar (its device has no zone) is left out.
        /// </summary>
        private List<SyncWindow> Windows(ArchiveState state, Func<DatapointsSeries, ArchiveCalendar?> calendarOf, TimeSpan lookback)
        {
            var windows = new List<SyncWindow>();
            foreach (DatapointsSeries series in _run.Series)
            {
                if (!(calendarOf(series) is { } calendar)) continue;
                DateTimeOffset? newSeriesFrom = calendar.NewSeriesFrom;
                DateTimeOffset to = calendar.To;
                string key = ArchiveSeriesState.KeyOf(series.CorporateAccountUuid, series.DeviceUuid, series.Ref.ToString());
                DateTimeOffset from;
                string why;
                if (state.Series.TryGetValue(key, out ArchiveSeriesState? known))
                {
                    from = known.Bookmark - lookback;
                    why = $"bookmark {calendar.Show(known.Bookmark)} minus -Lookback {lookback}";
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
                from = ArchivePartitions.StepStart(from, _settings.Granularity, calendar.Zone);
                if (from >= to)
                {
                    _cmdlet.WriteVerbose($"{series}: nothing to read, its window starts at {calendar.Show(from)}, not before -To {calendar.Show(to)}.");
                    continue;
                }
                _cmdlet.WriteVerbose($"{series}: from {calendar.Show(from)} ({why}) to {calendar.Show(to)}.");
                var window = new SyncWindow(series, calendar, from, known?.Bookmark);
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
                if (_stepSeries.TryGetValue(DatapointsSeries.KeyOf(point), out SyncWindow? w)) w.HadPoints = true;
                _stepPoints.Add(point);
            }
        }

        /// <summary>
        /// One step of one calendar: every series' points in [from, to) read (series that start later are read from their
        /// own start), in the calendar's zone when it is a device's, then merged partition by partition.
        /// </summary>
        private void ReadAndMerge(List<SyncWindow> windows, DateTimeOffset from, DateTimeOffset to, ArchiveCalendar calendar, bool deviceZone)
        {
            var points = _stepPoints = new List<DataPoint>();
            var bySeries = _stepSeries = windows.ToDictionary(w => w.Series.Key, StringComparer.Ordinal);
            Status = $"{windows.Count} series, {calendar.Show(from)} to {calendar.Show(to)}";
            foreach (IGrouping<DateTimeOffset, SyncWindow> group in windows.GroupBy(w => w.From > from ? w.From : from))
                _run.ReadWindow(group.Key, to, group.Select(w => w.Series).ToList(), deviceZone ? calendar.ZoneId : null);

            foreach (IGrouping<string, DataPoint> partition in points.GroupBy(p => ArchivePartitions.Name(p.Timestamp, calendar.Zone, _settings.Partition)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                List<DataPoint> sorted = ArchiveOrder.SortedUnique(partition);
                string file = _folder.PartitionPath(partition.Key);
                MergeOutcome outcome = Write(() => _folder.MergePartition(partition.Key, sorted, point => Count(bySeries, point)), file);
                _cmdlet.WriteVerbose(outcome.Changed
                    ? $"'{file}': {outcome.Added} point(s) added, {outcome.Replaced} replaced, {outcome.Rows} row(s)."
                    : $"'{file}': unchanged ({outcome.Rows} row(s)).");
            }
        }

        private static void Count(Dictionary<string, SyncWindow> bySeries, DataPoint point)
        {
            if (!bySeries.TryGetValue(DatapointsSeries.KeyOf(point), out SyncWindow? w)) return;
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
    }
}
