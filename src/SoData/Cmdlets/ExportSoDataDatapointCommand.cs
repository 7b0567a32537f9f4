using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using System.Threading.Tasks;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Output;
using IOPath = System.IO.Path;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Writes the history of variables straight to a CSV file or an Excel workbook: the same inputs, range and planning
    /// as Get-SoDataDatapoint (<see cref="DatapointsPlanner"/>, <see cref="DatapointsApi"/>), but each response becomes
    /// rows as it arrives instead of objects, so memory stays bounded however many points are exported. Up to
    /// -ThrottleLimit requests run at once; rows are written in plan order. The rows become a file in the Output layer
    /// (<see cref="DatapointTable"/>, <see cref="PivotTable"/>, <see cref="CsvTableWriter"/>, <see cref="XlsxTableWriter"/>),
    /// through an <see cref="AtomicFile"/>: on an API error or Ctrl+C nothing is written and an existing target is left as it was.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SoDataDatapoint", DefaultParameterSetName = VariableSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportSoDataDatapointCommand : SoDataCmdlet, ICorporateAccountParameters, IDatapointsParameters, IDisposable, ICountsPipedRows, IDynamicParameters
    {
        private readonly CorporateAccountScope _accounts;
        private readonly DatapointsRequest _request;

        public ExportSoDataDatapointCommand()
        {
            _accounts = new CorporateAccountScope(this, this);
            _request = new DatapointsRequest(this, this, _accounts);
        }

        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";
        private const string VariableLiteralSet = "VariableLiteralPath";
        private const string DeviceUuidLiteralSet = "DeviceUuidLiteralPath";
        private const string DeviceLiteralSet = "DeviceLiteralPath";

        /// <summary>
        /// The most points one request is planned to hold (Get-SoDataDatapoint: 100,000). Measured with ./build.ps1 Bench
        /// (1,000,000 raw points, 8 requests in flight): 100,000 peaked near 280 MB, 20,000 near 190 MB, in the same time.
        /// </summary>
        internal const long MaxPointsPerRequest = 20_000;

        private OrderedWork? _inFlight;
        private readonly HashSet<string> _seriesWithPoints = new HashSet<string>(StringComparer.Ordinal);
        private bool _skip;
        private string _target = string.Empty;
        private string _parameterName = "-Path";
        private ExportFormat _format;
        private AtomicFile? _file;
        private ITableWriter? _table;
        private XlsxTableWriter? _workbook;
        private WorkbookOptions _workbookOptions = new WorkbookOptions();
        private (DateTimeOffset From, DateTimeOffset To) _range;
        private TableCell[] _cells = Array.Empty<TableCell>();
        private long _rows;
        private int _requestsDone;
        private int _requestsPlanned;

        // -Pivot: the rows of the window being read.
        private PivotTable? _pivot;
        private int _window;

        private readonly PipedObjectCounter _pipedObjects = new PipedObjectCounter();

        PipedObjectCounter ICountsPipedRows.PipedObjects => _pipedObjects;

        /// <summary>A hidden parameter that counts piped rows, so that errors name them (see <see cref="ICountsPipedRows"/>).</summary>
        public object GetDynamicParameters() => _pipedObjects.DynamicParameter(VariableSet, VariableLiteralSet, DeviceUuidSet, DeviceUuidLiteralSet);

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the rows.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableLiteralSet)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyCollection]
        public Variable[]? InputObject { get; set; }

        /// <summary>Devices from Get-SoDataDevice, read with -Series.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceLiteralSet)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyCollection]
        public Device[]? Device { get; set; }

        /// <summary>A device uuid, read with -Series; binds from a piped device or a CSV column.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidLiteralSet, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device so that rows and pivot columns can name it.</summary>
        [Parameter(ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Parameter(ParameterSetName = DeviceUuidLiteralSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }

        /// <summary>Mapping configs Item|Index|ServiceId, e.g. 'Global|0|140100','Unit|1|140108'.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceLiteralSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceUuidLiteralSet, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamRef")]
        [NotEmpty]
        [SeriesRef]
        [ArgumentCompleter(typeof(StreamRefCompleter))]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Series { get; set; }

        /// <summary>The file to write: .csv for CSV, .xlsx for an Excel workbook (or say which with -Format). Wildcards may name one existing file.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = VariableSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceUuidSet)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        public string? Path { get; set; }

        /// <summary>The file to write, taken exactly as typed (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = VariableLiteralSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceLiteralSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidLiteralSet)]
        [Alias("PSPath", "LP")]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
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

        /// <summary>CSV only. utf8 (no BOM, the default), utf8BOM, utf8NoBOM, ascii, unicode, bigendianunicode, utf32, or any encoding name .NET knows.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(EncodingNameCompleter))]
        public string? Encoding { get; set; }

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
        /// at that zone's offset. -From, -To and -Range are still read in -TimeZone, as the API reads them.
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
            // With -Pivot, the columns must all be known before the first row (with -SheetPer, the groups): every request waits for EndProcessing.
            _workbookOptions = WorkbookLayout.Options(this);
            _request.SendsAsItGoes = !Pivot && _workbookOptions.SheetPer == null;
            var range = _request.CheckRange();
            _range = range;
            _target = ResolveTarget();
            _format = ResolveFormat();
            WorkbookLayout.Check(this, _format, _workbookOptions);
            System.Text.Encoding? encoding = _format == ExportFormat.Csv ? ResolveEncoding() : null;

            base.BeginProcessing();

            if (Directory.Exists(_target))
            {
                ThrowTerminatingError(InvalidArgument("PathIsFolder", $"{_parameterName} '{_target}' is a folder: give the path of a file.", _target));
            }
            string folder = IOPath.GetDirectoryName(_target) ?? string.Empty;
            if (!Directory.Exists(folder))
            {
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"{_parameterName}: the folder '{folder}' does not exist."),
                    "FolderNotFound", ErrorCategory.ObjectNotFound, _target));
            }
            if (File.Exists(_target) && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"{_parameterName}: the file '{_target}' already exists. Add -Force to replace it (only once the export has succeeded), or give another {_parameterName}."),
                    "FileExists", ErrorCategory.ResourceExists, _target));
            }
            if (!ShouldProcess(_target, _format == ExportFormat.Xlsx ? "Export datapoints to an Excel workbook" : "Export datapoints to CSV"))
            {
                _skip = true;
                return;
            }

            // Smaller responses than Get-SoDataDatapoint's: with -ThrottleLimit of them in flight, memory stays low.
            _request.StartQuery(range, MaxPointsPerRequest);

            try
            {
                _file = AtomicFile.Create(_target);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "CannotWriteFile", ErrorCategory.WriteError, _target)
                {
                    ErrorDetails = new ErrorDetails($"{_parameterName}: cannot write in the folder '{folder}': {ex.Message}"),
                });
            }
            if (_format == ExportFormat.Xlsx)
            {
                // The workbook's XML and compression run on a thread of their own while this one reads the next responses.
                _workbookOptions.ZoneLabel = WorkbookLayout.ZoneLabel(_request.Query, ShownZone(), Pivot);
                _workbook = new XlsxTableWriter(CreateWorkbook(_file!.Stream), ShownZone(), _workbookOptions);
                _table = new BackgroundTableWriter(_workbook);
            }
            else
            {
                _table = new CsvTableWriter(new StreamWriter(_file!.Stream, encoding!, 1 << 16));
            }
            WriteVerbose($"Writing {_format} to '{_target}' through '{_file.TemporaryPath}'.");
            if (!Pivot) StartTable(DatapointTable.Columns);
        }

        protected override void ProcessInput()
        {
            if (_skip) return;
            bool byUuid = ParameterSetName == DeviceUuidSet || ParameterSetName == DeviceUuidLiteralSet;
            _request.CollectSeries(InputObject, Device, byUuid ? DeviceUuid : null, DeviceName, Series);
            // -Pivot needs every series (for the columns) before the first row: its requests go in EndProcessing.
            if (_request.SendsAsItGoes)
            {
                foreach (List<DatapointsSeries> batch in _request.TakeFullBatches())
                    foreach (DatapointsChunk chunk in _request.Plan(batch)) Enqueue(chunk);
                WriteReady();
            }
        }

        protected override void EndProcessing()
        {
            if (_skip) return;
            WorkbookLayout.CheckChartSize(this, _workbookOptions, _range, _request.AllSeries.Count);
            if (_workbookOptions.SheetPer is WorksheetGrouping grouping)
            {
                // A group's requests one after the other, so its rows come together on its sheet.
                foreach (List<DatapointsSeries> group in SheetGroups.Plan(_request.AllSeries, grouping))
                    foreach (DatapointsChunk chunk in _request.Plan(group)) Enqueue(chunk);
            }
            else if (Pivot)
            {
                _pivot = new PivotTable(_request.AllSeries, ShownZone());
                StartTable(DatapointTable.PivotColumns(_pivot));
                // Window by window (every batch of window 1, then of window 2...), so only one window's rows are held.
                foreach (DatapointsChunk chunk in _request.Plan(_request.AllSeries).OrderBy(c => c.WindowNumber).ThenBy(c => c.BatchNumber))
                    Enqueue(chunk);
            }
            else if (_request.PendingSeries.Count > 0)
            {
                foreach (DatapointsChunk chunk in _request.Plan(_request.PendingSeries.ToList())) Enqueue(chunk);
            }
            _request.PendingSeries.Clear();
            _inFlight?.CompleteAll();
            if (Pivot) FlushWindow();
            _request.CompleteRequestProgress();

            // Mapping configs the devices lack are reported; if no series is left, a file would only mislead: none is written.
            HashSet<string> missing = _request.ReportMissingSeries(_request.AllSeries.Where(s => !_seriesWithPoints.Contains(s.Key)));
            if (missing.Count == _request.AllSeries.Count)
            {
                Discard();
                WriteError(new ErrorRecord(new ItemNotFoundException($"None of the series given could be read, so '{_target}' was not written."),
                    "NoSeriesToExport", ErrorCategory.ObjectNotFound, _target));
                return;
            }
            Commit();
            WriteVerbose($"{_rows} row(s) from {_requestsDone} request(s) written to '{_target}'" +
                (_workbook != null && _workbook.Sheets > 1 ? $" on {_workbook.Sheets} sheets." : "."));
            if (PassThru) WriteObject(new FileInfo(_target));
        }

        /// <summary>Deletes the temporary file unless it became the target (error, Ctrl+C, -WhatIf...).</summary>
        void IDisposable.Dispose()
        {
            Discard();
            base.Dispose();
        }

        /// <summary>Closes the table and deletes the temporary file, leaving the target as it was.</summary>
        private void Discard()
        {
            try
            {
                _table?.Dispose();
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException)
            {
                // Closing a file that could not be written (disk full): it is deleted below anyway.
            }
            _table = null;
            _file?.Dispose();
            _file = null;
        }

        private void Commit()
        {
            try
            {
                _table!.Complete();
                _table.Dispose();
                _table = null;
                if (!_file!.Commit(replace: Force))
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new IOException($"{_parameterName}: the file '{_target}' was created by someone else during the export; nothing was replaced. Add -Force to replace it."),
                        "FileExists", ErrorCategory.ResourceExists, _target));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "CannotWriteFile", ErrorCategory.WriteError, _target)
                {
                    ErrorDetails = new ErrorDetails($"{_parameterName}: could not write '{_target}': {ex.Message} The file was left as it was."),
                });
            }
            catch (ChartTooLargeException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "ChartTooLarge", ErrorCategory.InvalidArgument, _target));
            }
        }

        /// <summary>The zone times are shown in: -TimeZone when known here; null (UTC for a pivot, as sent for points) otherwise.</summary>
        private TimeZoneInfo? ShownZone() => _request.Query.UseDeviceLocalTimezone ? null : DatapointsTimeZones.Find(_request.Query.TimeZone);

        private IWorkbookSink CreateWorkbook(Stream stream)
        {
            try
            {
                return WorkbookSinks.Create(stream);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                Exception cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                ThrowTerminatingError(new ErrorRecord(cause, "SpreadsheetWriterNotLoaded", ErrorCategory.ResourceUnavailable, _target)
                {
                    ErrorDetails = new ErrorDetails($"The Excel writer of the SoData module could not be loaded: {cause.Message} Export to a .csv file instead, or reinstall the module."),
                });
                throw;
            }
        }

        private void StartTable(IReadOnlyList<TableColumn> columns)
        {
            _cells = new TableCell[columns.Count];
            _table!.WriteHeader(columns);
        }

        /// <summary>The format: -Format, or the extension; a workbook named .csv, CSV named .xlsx, or an unknown extension is refused before any request.</summary>
        private ExportFormat ResolveFormat()
        {
            // A folder is reported as such once the session is checked (PathIsFolder), whatever its name.
            if (Directory.Exists(_target)) return MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : ExportFormat.Csv;
            string extension = IOPath.GetExtension(_target).ToLowerInvariant();
            ExportFormat? fromName = extension switch
            {
                ".csv" => ExportFormat.Csv,
                ".txt" => ExportFormat.Csv,
                ".xlsx" => ExportFormat.Xlsx,
                _ => (ExportFormat?)null,
            };
            if (extension == ".xls" || extension == ".xlsm" || extension == ".xlsb")
            {
                ThrowTerminatingError(InvalidArgument("UnsupportedFileFormat",
                    $"{_parameterName} '{_target}': Export-SoDataDatapoint writes Excel workbooks as .xlsx, not {extension}. Name the file .xlsx (or .csv for CSV).", _target));
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Format)))
            {
                if (fromName.HasValue && fromName != Format)
                {
                    ThrowTerminatingError(InvalidArgument("FormatMismatch",
                        $"-Format {Format} does not match the extension of {_parameterName} '{_target}' ({extension} is {fromName}); a program opening the file would refuse it. " +
                        $"Name the file {(Format == ExportFormat.Xlsx ? ".xlsx" : ".csv")}, or leave -Format out.", Format));
                }
                if (Format == ExportFormat.Xlsx && MyInvocation.BoundParameters.ContainsKey(nameof(Encoding)))
                {
                    ThrowTerminatingError(InvalidArgument("EncodingWithXlsx",
                        "-Encoding applies to CSV only: an .xlsx workbook is always UTF-8 inside, which Excel reads in any locale. Leave -Encoding out.", Encoding));
                }
                return Format;
            }
            if (!fromName.HasValue)
            {
                ThrowTerminatingError(InvalidArgument("UnknownFileFormat",
                    $"{_parameterName} '{_target}': cannot tell the format from the extension '{extension}'. Name the file .xlsx (an Excel workbook) or .csv, or give -Format Csv or -Format Xlsx.", _target));
            }
            if (fromName == ExportFormat.Xlsx && MyInvocation.BoundParameters.ContainsKey(nameof(Encoding)))
            {
                ThrowTerminatingError(InvalidArgument("EncodingWithXlsx",
                    "-Encoding applies to CSV only: an .xlsx workbook is always UTF-8 inside, which Excel reads in any locale. Leave -Encoding out.", Encoding));
            }
            return fromName!.Value;
        }

        private string ResolveTarget()
        {
            string path;
            ProviderInfo provider;
            if (LiteralPath != null)
            {
                _parameterName = "-LiteralPath";
                path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath, out provider, out _);
            }
            else if (WildcardPattern.ContainsWildcardCharacters(Path))
            {
                Collection<string> matches = GetResolvedProviderPathFromPSPath(Path, out provider);
                if (matches.Count != 1)
                {
                    ThrowTerminatingError(InvalidArgument("PathNotUnique",
                        $"-Path '{Path}' matches {matches.Count} files: it must name one file. Use -LiteralPath for a name with wildcard characters.", Path));
                }
                path = matches[0];
            }
            else
            {
                path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(InvalidArgument("NotAFileSystemPath",
                    $"{_parameterName} '{LiteralPath ?? Path}' is on the {provider.Name} provider: give a file system path.", LiteralPath ?? Path));
            }
            return IOPath.GetFullPath(path);
        }

        private System.Text.Encoding ResolveEncoding()
        {
            string name = (Encoding ?? "utf8NoBOM").Trim();
            switch (name.ToLowerInvariant())
            {
                case "utf8":
                case "utf8nobom":
                case "utf-8":
                case "default":
                    return new UTF8Encoding(false);
                case "utf8bom":
                    return new UTF8Encoding(true);
                case "ascii":
                    return new ASCIIEncoding();
                case "unicode":
                    return new UnicodeEncoding(false, true);
                case "bigendianunicode":
                    return new UnicodeEncoding(true, true);
                case "utf32":
                    return new UTF32Encoding(false, true);
                case "bigendianutf32":
                    return new UTF32Encoding(true, true);
            }
            try
            {
                return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage)
                    ? System.Text.Encoding.GetEncoding(codePage)
                    : System.Text.Encoding.GetEncoding(name);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                ThrowTerminatingError(InvalidArgument("UnknownEncoding",
                    $"-Encoding '{name}' is not an encoding this computer knows. Use utf8 (the default, no BOM), utf8BOM, ascii, unicode, bigendianunicode or utf32.", name));
                throw;
            }
        }

        // Requests: at most -ThrottleLimit in flight, their rows written in the order they were started.

        private void Enqueue(DatapointsChunk chunk)
        {
            // A file missing some series would look complete: a failed request stops the export, and no file is written.
            _inFlight ??= new OrderedWork(this, Concurrency, WorkFailure.Abort);
            _inFlight.WaitForRoom();
            _requestsPlanned++;
            _inFlight.Add(chunk, token => DatapointsApi.SendAsync(ActiveSession.Client, _request.Query, chunk, token),
                response =>
                {
                    _requestsDone++;
                    IEnumerable<DataPoint> points = Counted(DatapointsApi.EnumeratePoints(_request.Query, chunk, response));
                    if (Pivot) AddToWindow(chunk, points);
                    else foreach (DataPoint point in points) WritePoint(point);
                },
                completing: () => _request.WriteRequestProgress(chunk, _requestsDone, _requestsPlanned, $"{_rows} rows written to {IOPath.GetFileName(_target)}"),
                toError: ex => DatapointsRequest.ChunkError(ex, chunk, $"The export stopped; '{_target}' was not written."));
        }

        /// <summary>Writes the responses that have already arrived, without waiting.</summary>
        private void WriteReady() => _inFlight?.CompleteReady();

        /// <summary>Remembers which series had a point, so that only empty ones are checked for existence at the end.</summary>
        private IEnumerable<DataPoint> Counted(IEnumerable<DataPoint> points)
        {
            DataPoint? previous = null;
            foreach (DataPoint point in points)
            {
                // A response's points come series by series: one key per run of points, not one string per point.
                if (previous == null || !ReferenceEquals(point.DeviceUuid, previous.DeviceUuid) || !ReferenceEquals(point.ItemType, previous.ItemType) ||
                    point.ItemIndex != previous.ItemIndex || point.ServiceId != previous.ServiceId || !ReferenceEquals(point.CorporateAccountUuid, previous.CorporateAccountUuid))
                {
                    _seriesWithPoints.Add(DatapointsSeries.KeyOf(point));
                }
                previous = point;
                yield return point;
            }
        }

        private void WritePoint(DataPoint point)
        {
            DatapointTable.Fill(point, _cells);
            _table!.WriteRow(_cells);
            _rows++;
        }

        // -Pivot: the same columns and labels as Get-SoDataDatapoint -Pivot, one window at a time.

        private void AddToWindow(DatapointsChunk chunk, IEnumerable<DataPoint> points)
        {
            if (chunk.WindowNumber != _window) FlushWindow();
            _window = chunk.WindowNumber;
            _pivot!.AddRange(points);
        }

        private void FlushWindow()
        {
            if (_pivot == null) return;
            foreach (PivotRow row in _pivot.TakeRows())
            {
                DatapointTable.Fill(row, _cells);
                _table!.WriteRow(_cells);
                _rows++;
            }
        }

        /// <summary>Offers the encoding names -Encoding knows by itself.</summary>
        public sealed class EncodingNameCompleter : IArgumentCompleter
        {
            private static readonly string[] Names = { "utf8", "utf8BOM", "utf8NoBOM", "ascii", "unicode", "bigendianunicode", "utf32", "bigendianutf32" };

            public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                CommandAst commandAst, IDictionary fakeBoundParameters)
            {
                string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
                return Names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
            }
        }
    }

    /// <summary>The file formats of Export-SoDataDatapoint.</summary>
    public enum ExportFormat
    {
        /// <summary>Comma-separated values, invariant culture.</summary>
        Csv,

        /// <summary>An Excel workbook (Office Open XML).</summary>
        Xlsx,
    }
}
