using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Output;
using IOPath = System.IO.Path;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Writes the history of variables straight to a CSV file or an Excel workbook: the same inputs, range and planning
    /// as Get-SoDataDatapoint (one <see cref="DatapointsRun"/>), but each response becomes rows as it arrives instead of
    /// objects, so memory stays bounded however many points are exported. The file is a <see cref="DatapointFile"/>
    /// (Output layer): on an API error or Ctrl+C nothing is written and an existing target is left as it was. Like
    /// Export-Csv, -Path and -LiteralPath are in every parameter set and one of them is required. [AllowEmptyString] and
    /// [AllowEmptyCollection] let empty values reach the module's own check ([NotEmpty]), which names the parameter.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SoDataDatapoint", DefaultParameterSetName = VariableSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportSoDataDatapointCommand : SoDataCmdlet, ICorporateAccountParameters, IDatapointsParameters, IDisposable, ICountsPipedRows, IDynamicParameters
    {
        private readonly DatapointsRun _run;

        public ExportSoDataDatapointCommand()
        {
            var accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);
            _run = new DatapointsRun(this, Async, Input, "Export-SoDataDatapoint", this, accounts.Resolve, accounts.Describe, OnPoints, new DatapointsRunOptions
            {
                // A file missing some series would look complete: a failed request stops the export, and no file is written.
                Failure = WorkFailure.Abort,
                // Smaller responses than Get-SoDataDatapoint's: with -ThrottleLimit of them in flight, memory stays low.
                MaxPointsPerRequest = MaxPointsPerRequest,
                Status = () => $"{_file?.Rows ?? 0} rows written to {IOPath.GetFileName(_target?.Path)}",
            });
        }

        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";

        /// <summary>The most points one request is planned to hold (see <see cref="DatapointsRunOptions.FilePointsPerRequest"/>).</summary>
        internal const long MaxPointsPerRequest = DatapointsRunOptions.FilePointsPerRequest;

        private ExportTarget? _target;
        private DatapointFile? _file;
        private bool _skip;
        private WorkbookOptions _workbook = new WorkbookOptions();

        private readonly PipedObjectCounter _pipedObjects = new PipedObjectCounter();

        PipedObjectCounter ICountsPipedRows.PipedObjects => _pipedObjects;

        /// <summary>A hidden parameter that counts piped rows, so that errors name them (see <see cref="ICountsPipedRows"/>).</summary>
        public object GetDynamicParameters() => _pipedObjects.DynamicParameter(VariableSet, DeviceUuidSet);

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the rows.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [NotEmpty]
        [AllowEmptyCollection]
        // A device or anything else that is not a series becomes a stand-in the cmdlet refuses in words (see SeriesInputAttribute).
        [SeriesInput]
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

        /// <summary>Carried from a piped device so that rows and pivot columns can name it.</summary>
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

        /// <summary>
        /// The file to write: .csv for CSV, .xlsx for an Excel workbook (or say which with -Format). Wildcards may name
        /// one existing file. Give -Path or -LiteralPath.
        /// </summary>
        [Parameter(Position = 0)]
        [NotEmpty]
        [AllowEmptyString]
        public string? Path { get; set; }

        /// <summary>The file to write, taken exactly as typed (no wildcards). Give -Path or -LiteralPath.</summary>
        [Parameter]
        [Alias("PSPath", "LP")]
        [NotEmpty]
        [AllowEmptyString]
        public string? LiteralPath { get; set; }

        /// <summary>Replace the file if it exists (it is replaced only once the export has succeeded).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the FileInfo of the finished file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Csv or Xlsx. Default: from the file's extension (.csv or .txt: Csv; .xlsx: Xlsx).</summary>
        [Parameter]
        public ExportFormat Format { get; set; }

        /// <summary>
        /// CSV only. As Export-Csv: utf8 (no BOM, the default), utf8BOM, utf8NoBOM, ascii, unicode, bigendianunicode, utf32,
        /// bigendianutf32, ansi, oem, a code page number or any encoding name .NET knows, or an Encoding object.
        /// </summary>
        [Parameter]
        [NotEmpty]
        [EncodingArgument]
        [ArgumentCompleter(typeof(EncodingNameCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>
        /// Start of the range, inclusive. Default: 24 hours before -To. A date or time without an offset ('2022-05-18',
        /// [datetime]'2022-05-18 06:00') is a wall-clock time in -TimeZone (UTC by default), whatever this computer's own
        /// zone; a DateTimeOffset, a time with an offset or Z ('2022-05-18T00:00:00+02:00'), or a DateTime of kind Utc or
        /// Local (Get-Date, (Get-Date).AddHours(-1)) is that instant.
        /// </summary>
        [Parameter]
        [PointInTime]
        public DateTime From { get; set; }

        /// <summary>End of the range, exclusive (a point at exactly -To is not returned). Default: now. Read like -From.</summary>
        [Parameter]
        [PointInTime]
        public DateTime To { get; set; }

        /// <summary>
        /// A calendar period in -TimeZone instead of -From and -To: Today, Yesterday, Last7Days (the 7 days before today),
        /// ThisWeek, LastWeek (weeks start on Monday), ThisMonth, LastMonth, ThisYear, LastYear. Whole days, midnight to midnight.
        /// </summary>
        [Parameter]
        public CalendarRange Range { get; set; }

        /// <summary>Raw (every stored sample, the default), or one point per Minute, Hour, Day, Week, Month or Year.</summary>
        [Parameter]
        public Granularity Granularity { get; set; } = Granularity.Raw;

        /// <summary>What each time step holds when -Granularity is not Raw: Avg (the default), Min, Max, Count, Sum, Var, Stdev. Not allowed with Raw.</summary>
        [Parameter]
        public Aggregation Aggregation { get; set; } = Aggregation.Avg;

        /// <summary>
        /// IANA time zone id (e.g. Europe/Paris): where -From, -To and -Range are read, the calendar of the time steps, and
        /// the offset of the timestamps written. Default: UTC.
        /// </summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(TimeZoneCompleter))]
        public string TimeZone { get; set; } = "UTC";

        /// <summary>
        /// Use each device's own time zone (the API's useDeviceLocalTimezone) for the time steps, and write its timestamps
        /// at that zone's offset. -Range, and a -From or -To without an offset, are read on each device's own calendar too
        /// (see DeviceCalendars); instants stay instants.
        /// </summary>
        [Parameter]
        public SwitchParameter UseDeviceLocalTimezone { get; set; }

        /// <summary>Most series per request (series of one corporate account go together).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int BatchSize { get; set; } = DatapointsPlanner.DefaultBatchSize;

        /// <summary>One row per timestamp, in time order: a Timestamp column, then one column per series headed by its label.</summary>
        [Parameter]
        public SwitchParameter Pivot { get; set; }

        /// <summary>
        /// How -Pivot names its value columns: a template of {DeviceName}, {DeviceUuid}, {StreamRef}, {Title} and {Unit},
        /// e.g. '{DeviceName} {Title} ({Unit})'. Default: '{DeviceName} {StreamRef} ({Unit})'.
        /// </summary>
        [Parameter]
        [PivotHeader]
        public string? PivotHeader { get; set; }

        /// <summary>Xlsx only. The sheet's name (default Datapoints), made valid for Excel (31 characters, none of : \ / ? * [ ]).</summary>
        [Parameter]
        [NotEmpty]
        public string? WorksheetName { get; set; }

        /// <summary>Xlsx only. One sheet per Device or per Series, each a table of that group's rows, titled with its full name. Not with -Pivot.</summary>
        [Parameter]
        public WorksheetGrouping SheetPer { get; set; }

        /// <summary>Xlsx only, with -Pivot or -SheetPer Series. Adds a native Excel line chart of each table (a series per column) on a chart sheet.</summary>
        [Parameter]
        public SwitchParameter Chart { get; set; }

        /// <summary>The uuid of the corporate account; binds from a piped object's CorporateAccountUuid.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        protected override void BeginProcessing()
        {
            ICollection<string> bound = MyInvocation.BoundParameters.Keys;
            _workbook = WorkbookLayout.Options(WorksheetName, bound.Contains(nameof(SheetPer)) ? SheetPer : (WorksheetGrouping?)null, Chart, Granularity, Aggregation);
            WorkbookLayout.Plan(_run.Options, _workbook, Pivot);
            _run.CheckRange(bound);
            _target = this.Checked(() => ExportTarget.Resolve(FileSystemPaths.ResolveOneFile(this, Path, LiteralPath), LiteralPath != null ? "-LiteralPath" : "-Path",
                bound.Contains(nameof(Format)) ? Format : (ExportFormat?)null, Encoding));
            _run.Options.FailureConsequence = $"The export stopped; '{_target}' was not written.";
            WorkbookLayout.Check(this, _target.Format, _workbook, Pivot, bound);

            base.BeginProcessing();

            this.Checked(() => _target.CheckWritable(Force));
            if (!ShouldProcess(_target.Path, _target.Format == ExportFormat.Xlsx ? "Export datapoints to an Excel workbook" : "Export datapoints to CSV"))
            {
                _skip = true;
                return;
            }
            _run.Start(ActiveSession, ThrottleLimit);
            _workbook.ZoneLabel = WorkbookLayout.ZoneLabel(_run.Query, _run.ShownZone, Pivot);
            _file = this.Checked(() => DatapointFile.Create(_target, _run.ShownZone, _workbook));
            WriteVerbose($"Writing {_target.Format} to '{_target}' through '{_file.TemporaryPath}'.");
            if (!Pivot) _file.StartPoints();
        }

        protected override void ProcessInput()
        {
            if (_skip) return;
            _run.Add(InputObject, Device, ParameterSetName == DeviceUuidSet ? DeviceUuid : null, DeviceName, Series);
        }

        protected override void EndProcessing()
        {
            if (_skip) return;
            WorkbookLayout.CheckChartSize(this, _workbook, _run.Query, _run.Series.Count);
            if (Pivot)
            {
                _run.DescribeSeries(); // units and titles of -Series, for the headers
                // With -UseDeviceLocalTimezone, the rows are in the devices' zone, known only now that every series is in.
                TimeZoneInfo? rowZone = _run.PivotZone();
                _workbook.ZoneLabel = WorkbookLayout.ZoneLabel(_run.Query, rowZone, Pivot);
                _file!.StartPivot(_run.Series, PivotHeader, rowZone);
            }
            _run.Finish();
            _file!.FlushWindow();

            // Mapping configs the devices lack are reported; if no series is left, a file would only mislead: none is written.
            if (_run.NoSeriesFound)
            {
                _file.Dispose();
                WriteError(ExportErrors.NoSeries(_target!.Path));
                return;
            }
            this.Checked(() => _file.Commit(replace: Force));
            WriteVerbose($"{_file.Rows} row(s) from {_run.RequestsDone} request(s) written to '{_target}'" + (_file.Sheets > 1 ? $" on {_file.Sheets} sheets." : "."));
            // As Get-Item gives it: with the provider's properties (PSPath, PSParentPath...), so it lists with Mode and "Directory:".
            if (PassThru) WriteObject(SessionState.InvokeProvider.Item.Get(new[] { _target!.Path }, false, true), true);
        }

        /// <summary>The points of one response, in plan order: a row each, or into the pivot's window.</summary>
        private void OnPoints(DatapointsChunk chunk, IEnumerable<DataPoint> points)
        {
            if (Pivot) _file!.AddToWindow(chunk.WindowNumber, points);
            else _file!.WritePoints(points);
        }

        /// <summary>Deletes the temporary file unless it became the target (error, Ctrl+C, -WhatIf...).</summary>
        void IDisposable.Dispose()
        {
            _file?.Dispose();
            base.Dispose();
        }
    }
}
