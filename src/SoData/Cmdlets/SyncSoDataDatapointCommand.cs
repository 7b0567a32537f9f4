using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SoData.Archive;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Output;
using IOPath = System.IO.Path;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Keeps a folder of datapoint files complete, run after run: each series is read from its bookmark minus -Lookback
    /// (or -From, the first time) to -To, and merged into the partition files its points fall in, one row per device,
    /// series and timestamp. The state file, written last, holds the bookmarks and the archive's settings; a lock file
    /// keeps a second run out. The reading and merging are in <see cref="DatapointsSync"/>; this file binds the
    /// parameters and writes the results.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "SoDataDatapoint", DefaultParameterSetName = VariableSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DatapointSyncResult))]
    public sealed class SyncSoDataDatapointCommand : SoDataCmdlet, ICorporateAccountParameters, IDatapointsParameters, IDisposable, ICountsPipedRows, IDynamicParameters
    {
        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";

        private readonly CorporateAccountScope _accounts;
        private readonly DatapointsRun _run;
        private readonly PipedObjectCounter _pipedObjects = new PipedObjectCounter();
        private DatapointsSync? _sync;
        private string _folder = string.Empty;

        public SyncSoDataDatapointCommand()
        {
            _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);
            // Every series is collected first: each is then read over its own window, step by step (DatapointsSync).
            _run = new DatapointsRun(this, Async, Input, "Sync-SoDataDatapoint", this, _accounts.Resolve, _accounts.Describe, (chunk, points) => _sync!.Take(points), new DatapointsRunOptions
            {
                HoldSeriesUntilEnd = true,
                // A night with a series missing would look complete: a failed request ends the run (the state keeps the old bookmarks).
                Failure = WorkFailure.Abort,
                FailureConsequence = "The sync stopped; the partitions merged so far are complete, and the next run reads the rest again.",
                MaxPointsPerRequest = ExportSoDataDatapointCommand.MaxPointsPerRequest,
                Status = () => _sync?.Status ?? "Syncing datapoints",
            });
        }

        PipedObjectCounter ICountsPipedRows.PipedObjects => _pipedObjects;

        /// <summary>A hidden parameter that counts piped rows, so that errors name them (see <see cref="ICountsPipedRows"/>).</summary>
        public object GetDynamicParameters() => _pipedObjects.DynamicParameter(VariableSet, DeviceUuidSet);

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the rows.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [NotEmpty]
        [AllowEmptyCollection]
        public Variable[]? InputObject { get; set; }

        /// <summary>Devices from Get-SoDataDevice, read with -Series.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        [NotEmpty]
        [AllowEmptyCollection]
        public Device[]? Device { get; set; }

        /// <summary>A device uuid, read with -Series; binds from a piped device or a CSV column.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device so that rows can name it.</summary>
        [Parameter(ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }

        /// <summary>Mapping configs Item|Index|ServiceId, e.g. 'Global|0|140100','Unit|1|140108'.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamRef")]
        [NotEmpty]
        [SeriesRef]
        [ArgumentCompleter(typeof(StreamRefCompleter))]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Series { get; set; }

        /// <summary>The archive folder (created if missing): its partition files, its state file and its lock file.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [NotEmpty]
        [AllowEmptyString]
        public string? Path { get; set; }

        /// <summary>
        /// Where a series the archive has never seen starts (inclusive). Required the first time a series is synced;
        /// ignored for a series the archive knows, which is read from its bookmark minus -Lookback. Read like
        /// Export-SoDataDatapoint's -From: a time without an offset is a wall-clock time in -TimeZone.
        /// </summary>
        [Parameter]
        [PointInTime]
        public DateTime From { get; set; }

        /// <summary>End of the run's window, exclusive; it becomes each series' bookmark. Default: now.</summary>
        [Parameter]
        [PointInTime]
        public DateTime To { get; set; }

        /// <summary>How far before its bookmark each series is read again, to catch points uploaded late. Default: one day.</summary>
        [Parameter]
        public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(1);

        /// <summary>One file per Day or per Month (the default), cut on the calendar of -TimeZone (or of each device, with -UseDeviceLocalTimezone). Kept by the archive.</summary>
        [Parameter]
        public ArchivePartition Partition { get; set; } = ArchivePartition.Month;

        /// <summary>Csv (the default) or Xlsx (a workbook per partition; its rows are kept as CSV in a hidden subfolder). Kept by the archive.</summary>
        [Parameter]
        public ExportFormat Format { get; set; } = ExportFormat.Csv;

        /// <summary>Raw (every stored sample, the default), or one point per Minute, Hour, Day, Week, Month or Year. Kept by the archive.</summary>
        [Parameter]
        public Granularity Granularity { get; set; } = Granularity.Raw;

        /// <summary>What each time step holds when -Granularity is not Raw: Avg (the default), Min, Max, Count, Sum, Var, Stdev. Kept by the archive.</summary>
        [Parameter]
        public Aggregation Aggregation { get; set; } = Aggregation.Avg;

        /// <summary>IANA time zone id (e.g. Europe/Paris): the calendar of the partitions and time steps, and the offset of the timestamps written. Default: UTC. Kept by the archive.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(TimeZoneCompleter))]
        public string TimeZone { get; set; } = "UTC";

        /// <summary>
        /// Each series on its device's own calendar instead of -TimeZone's: its partitions (a Paris device's 2024-10-22.csv
        /// rows are its Paris day), time steps, -From and -To without an offset, and the offset of its timestamps. A series
        /// keeps the zone it was first archived in. Not with -TimeZone. Kept by the archive.
        /// </summary>
        [Parameter]
        public SwitchParameter UseDeviceLocalTimezone { get; set; }

        /// <summary>The uuid of the corporate account; binds from a piped object's CorporateAccountUuid.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        // The run's own query: no -Range, and always in -TimeZone; with -UseDeviceLocalTimezone each series' windows are
        // read in its device's zone instead (SyncDeviceCalendars), never with the API's device-zone flag.
        CalendarRange IDatapointsParameters.Range => default;
        SwitchParameter IDatapointsParameters.UseDeviceLocalTimezone => default;
        int IDatapointsParameters.BatchSize => DatapointsPlanner.DefaultBatchSize;

        protected override void BeginProcessing()
        {
            _folder = ResolveFolder();
            ArchiveSettings settings = SettingsOfThisRun();
            _run.CheckRange(MyInvocation.BoundParameters.Keys);
            base.BeginProcessing();
            _run.Start(ActiveSession, ThrottleLimit);
            TimeZoneInfo zone = DatapointsTimeZones.Find(TimeZone)!;
            // On the devices' calendars a workbook shows each row at its own device's wall clock, as its CSV row carries it.
            TimeZoneInfo? shown = settings.UseDeviceLocalTimezone ? null : zone;
            _sync = new DatapointsSync(this, _run, new ArchiveFolder(_folder, shown, Format == ExportFormat.Xlsx ? WorkbookSinks.Create : (Func<Stream, IWorkbookSink>?)null), settings, zone);
            if (settings.UseDeviceLocalTimezone) _sync.DeviceCalendars = new SyncDeviceCalendars(this, _run.Devices, RangeIn);
        }

        protected override void ProcessInput()
        {
            bool byUuid = ParameterSetName == DeviceUuidSet;
            _run.Add(InputObject, Device, byUuid ? DeviceUuid : null, DeviceName, Series);
        }

        protected override void EndProcessing()
        {
            if (_run.Series.Count == 0) return;
            DateTimeOffset? newSeriesFrom = MyInvocation.BoundParameters.ContainsKey(nameof(From)) ? _run.Query.From : (DateTimeOffset?)null;
            if (!ShouldProcess(_folder, $"Sync {_run.Series.Count} series into the archive, up to {_run.Query.To:o}")) return;
            foreach (DatapointSyncResult result in _sync!.Run(newSeriesFrom, _run.Query.To, Lookback)) WriteObject(result);
        }

        /// <summary>Releases the lock and deletes the temporary file of a run stopped by an error or Ctrl+C.</summary>
        void IDisposable.Dispose()
        {
            _sync?.Dispose();
            base.Dispose();
        }

        /// <summary>
        /// The settings of this run: those given, and for those left out the archive's own (so a scheduled script need not
        /// repeat them). A setting given that differs from the archive's ends the run before any request, naming it.
        /// </summary>
        private ArchiveSettings SettingsOfThisRun()
        {
            string statePath = IOPath.Combine(_folder, ArchiveState.FileName);
            ArchiveState? state = File.Exists(statePath) ? DatapointsSync.ReadState(this, statePath) : null;
            if (state != null)
            {
                ArchiveSettings kept = state.Settings;
                if (!Bound(nameof(Granularity))) Granularity = kept.Granularity;
                if (!Bound(nameof(Aggregation)) && kept.Aggregation.HasValue) Aggregation = kept.Aggregation.Value;
                if (!Bound(nameof(TimeZone))) TimeZone = kept.TimeZone;
                // A zone given asks for that zone's calendar; neither given keeps the archive's.
                if (!Bound(nameof(UseDeviceLocalTimezone)) && !Bound(nameof(TimeZone))) UseDeviceLocalTimezone = kept.UseDeviceLocalTimezone;
                if (!Bound(nameof(Partition))) Partition = kept.Partition;
                if (!Bound(nameof(Format)) && Enum.TryParse(kept.Format, true, out ExportFormat format)) Format = format;
            }
            if (Lookback < TimeSpan.Zero)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("NegativeLookback", $"-Lookback {Lookback} must not be negative: it is how far before each bookmark the series are read again (e.g. 1.00:00:00 for a day).", Lookback));
            TimeZoneInfo? zone = DatapointsTimeZones.Find(TimeZone);
            if (zone == null)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("UnknownTimeZone",
                    $"-TimeZone '{TimeZone}' is not a time zone this computer knows, and an archive's partitions are cut on its calendar. Give an IANA id such as Europe/Paris or America/New_York (tab completion lists them).", TimeZone));
            if (UseDeviceLocalTimezone && Bound(nameof(TimeZone)))
                ThrowTerminatingError(ErrorRecords.InvalidArgument("TimeZoneWithDeviceLocalTimezone",
                    $"-TimeZone {TimeZone} cannot be used with -UseDeviceLocalTimezone: an archive is cut either on one zone's calendar (-TimeZone) or on each device's own (-UseDeviceLocalTimezone). Give one of them.", TimeZone));
            var asked = new ArchiveSettings
            {
                UseDeviceLocalTimezone = UseDeviceLocalTimezone.IsPresent,
                Granularity = Granularity,
                Aggregation = Granularity == Granularity.Raw ? (Aggregation?)null : Aggregation,
                TimeZone = TimeZone.Trim(),
                Partition = Partition,
                Format = Format.ToString(),
            };
            if (state == null) return asked;
            foreach ((string parameter, string archived, string wanted) in state.Settings.Differences(asked))
            {
                if (parameter == "-UseDeviceLocalTimezone")
                {
                    ThrowTerminatingError(ErrorRecords.InvalidArgument("ArchiveSettingsDiffer",
                        $"{wanted} differs from the archive in '{_folder}', whose partitions are cut on {(state.Settings.UseDeviceLocalTimezone ? "each device's own calendar" : "one zone's calendar")} ({archived}): " +
                        $"an archive keeps one calendar for all its files, so nothing was read or written. Run with {archived} (or leave it out), or sync into another -Path.", wanted));
                }
                ThrowTerminatingError(ErrorRecords.InvalidArgument("ArchiveSettingsDiffer",
                    $"{parameter} {wanted} differs from the archive in '{_folder}', which holds {parameter.TrimStart('-')} {archived}: an archive keeps one shape for all its files, so nothing was read or written. " +
                    $"Run with {parameter} {archived} (or leave it out), or sync into another -Path.", wanted));
            }
            return asked;
        }

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        /// <summary>-UseDeviceLocalTimezone: -From (null when not given) and -To read in a device's zone; a time without an offset is its wall clock.</summary>
        private (DateTimeOffset? From, DateTimeOffset To) RangeIn(TimeZoneInfo zone)
        {
            DateTimeOffset? from = Bound(nameof(From)) ? DatapointsTime.ToInstant(From, zone) : (DateTimeOffset?)null;
            DateTimeOffset to = Bound(nameof(To)) ? DatapointsLimits.CutAtNow(DatapointsTime.ToInstant(To, zone), DateTimeOffset.UtcNow) : _run.Query.To;
            return (from, to);
        }

        private string ResolveFolder()
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out ProviderInfo provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                ThrowTerminatingError(ErrorRecords.InvalidArgument("NotAFileSystemPath", $"-Path '{Path}' is on the {provider.Name} provider: give a folder of the file system.", Path));
            path = IOPath.GetFullPath(path);
            if (File.Exists(path))
                ThrowTerminatingError(ErrorRecords.InvalidArgument("PathIsFile", $"-Path '{path}' is a file: give the archive's folder (it is created if missing).", path));
            return path;
        }
    }
}
