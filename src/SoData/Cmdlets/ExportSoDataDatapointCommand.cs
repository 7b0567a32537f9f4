using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using System.Threading.Tasks;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets.Completers;
using IOPath = System.IO.Path;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Writes the history of variables straight to a CSV file: the same inputs, range and planning as
    /// Get-SoDataDatapoint (<see cref="DatapointsPlanner"/>, <see cref="DatapointsApi"/>), but each response becomes CSV
    /// rows as it arrives instead of objects, so memory stays bounded however many points are exported. Up to
    /// -ThrottleLimit requests run at once; rows are written in plan order. The file is written to a temporary file
    /// next to the target and renamed over it only when every request succeeded: on an API error or Ctrl+C the temporary
    /// file is deleted and an existing target is left as it was.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SoDataDatapoint", DefaultParameterSetName = VariableSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportSoDataDatapointCommand : DatapointsCmdlet, IDisposable
    {
        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";
        private const string VariableLiteralSet = "VariableLiteralPath";
        private const string DeviceUuidLiteralSet = "DeviceUuidLiteralPath";
        private const string DeviceLiteralSet = "DeviceLiteralPath";

        /// <summary>The columns of the long layout: Get-SoDataDatapoint's DataPoint properties, in order.</summary>
        internal static readonly string[] Columns =
        {
            nameof(DataPoint.Timestamp), nameof(DataPoint.Value), nameof(DataPoint.DeviceUuid), nameof(DataPoint.DeviceName),
            nameof(DataPoint.Title), nameof(DataPoint.Unit), nameof(DataPoint.ItemType), nameof(DataPoint.ItemIndex),
            nameof(DataPoint.ServiceId), nameof(DataPoint.StreamRef), nameof(DataPoint.Granularity), nameof(DataPoint.Aggregation),
            nameof(DataPoint.CorporateAccountUuid),
        };

        /// <summary>
        /// The most points one request is planned to hold (Get-SoDataDatapoint: 100,000). Measured with ./build.ps1 Bench
        /// (1,000,000 raw points, 8 requests in flight): 100,000 peaked near 280 MB, 20,000 near 190 MB, in the same time.
        /// </summary>
        internal const long MaxPointsPerRequest = 20_000;

        private readonly Queue<(DatapointsChunk Chunk, Task<DatapointsResponse> Response)> _inFlight = new Queue<(DatapointsChunk, Task<DatapointsResponse>)>();
        private readonly HashSet<string> _seriesWithPoints = new HashSet<string>(StringComparer.Ordinal);
        private bool _skip;
        private string _target = string.Empty;
        private string _parameterName = "-Path";
        private string? _temporary;
        private StreamWriter? _writer;
        private long _rows;
        private int _requestsDone;
        private int _requestsPlanned;
        private int _progressId;

        // -Pivot: the rows of the window being read, and the columns.
        private SortedDictionary<DateTimeOffset, double?[]>? _windowRows;
        private Dictionary<string, int>? _column;
        private TimeZoneInfo? _pivotZone;
        private int _window;

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the rows.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableLiteralSet)]
        [NotEmpty]
        public Variable[]? InputObject { get; set; }

        /// <summary>Devices from Get-SoDataDevice, read with -Series.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceLiteralSet)]
        [NotEmpty]
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

        /// <summary>The CSV file to write. Wildcards may name one existing file.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = VariableSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceUuidSet)]
        [NotEmpty]
        public string? Path { get; set; }

        /// <summary>The CSV file to write, taken exactly as typed (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = VariableLiteralSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceLiteralSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidLiteralSet)]
        [Alias("PSPath", "LP")]
        [NotEmpty]
        public string? LiteralPath { get; set; }

        /// <summary>Replace the file if it exists (it is replaced only once the export has succeeded).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the FileInfo of the finished file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>utf8 (no BOM, the default), utf8BOM, utf8NoBOM, ascii, unicode, bigendianunicode, utf32, or any encoding name .NET knows.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(EncodingNameCompleter))]
        public string? Encoding { get; set; }

        /// <summary>With -Pivot, the columns must all be known before the first row: every request waits for EndProcessing.</summary>
        protected override bool SendsAsItGoes => !Pivot;

        protected override void BeginProcessing()
        {
            CheckRange();
            System.Text.Encoding encoding = ResolveEncoding();
            _target = ResolveTarget();

            base.BeginProcessing();

            if (Directory.Exists(_target))
            {
                ThrowTerminatingError(InvalidArgument("PathIsFolder", $"{_parameterName} '{_target}' is a folder: give the path of a CSV file.", _target));
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
            if (!ShouldProcess(_target, "Export datapoints to CSV"))
            {
                _skip = true;
                return;
            }

            // Smaller responses than Get-SoDataDatapoint's: with -ThrottleLimit of them in flight, memory stays low.
            StartQuery(MaxPointsPerRequest);
            _progressId = Math.Abs(GetHashCode() % 100000) + 1;

            // A hidden name in the same folder, so the final rename stays on one volume and never leaves a half-written target.
            _temporary = IOPath.Combine(folder, "." + IOPath.GetFileName(_target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                var stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                _writer = new StreamWriter(stream, encoding, 1 << 16);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _temporary = null;
                ThrowTerminatingError(new ErrorRecord(ex, "CannotWriteFile", ErrorCategory.WriteError, _target)
                {
                    ErrorDetails = new ErrorDetails($"{_parameterName}: cannot write in the folder '{folder}': {ex.Message}"),
                });
            }
            WriteVerbose($"Writing to '{_target}' through '{_temporary}'.");
            if (!Pivot) WriteRow(Columns);
        }

        protected override void ProcessInput()
        {
            if (_skip) return;
            bool byUuid = ParameterSetName == DeviceUuidSet || ParameterSetName == DeviceUuidLiteralSet;
            CollectSeries(InputObject, Device, byUuid ? DeviceUuid : null, DeviceName, Series);
            // -Pivot needs every series (for the columns) before the first row: its requests go in EndProcessing.
            if (!Pivot)
            {
                foreach (List<DatapointsSeries> batch in TakeFullBatches())
                    foreach (DatapointsChunk chunk in Plan(batch)) Enqueue(chunk);
                WriteReady();
            }
        }

        protected override void EndProcessing()
        {
            if (_skip) return;
            if (Pivot)
            {
                StartPivot();
                // Window by window (every batch of window 1, then of window 2...), so only one window's rows are held.
                foreach (DatapointsChunk chunk in Plan(AllSeries).OrderBy(c => c.WindowNumber).ThenBy(c => c.BatchNumber))
                    Enqueue(chunk);
            }
            else if (PendingSeries.Count > 0)
            {
                foreach (DatapointsChunk chunk in Plan(PendingSeries.ToList())) Enqueue(chunk);
            }
            PendingSeries.Clear();
            while (_inFlight.Count > 0) WriteNext();
            if (Pivot) FlushWindow();
            if (_requestsPlanned > 1) WriteProgress(new ProgressRecord(_progressId, "Export-SoDataDatapoint", "Done") { RecordType = ProgressRecordType.Completed });

            // Mapping configs the devices lack are reported; if no series is left, a file would only mislead: none is written.
            HashSet<string> missing = ReportMissingSeries(AllSeries.Where(s => !_seriesWithPoints.Contains(s.Key)));
            if (missing.Count == AllSeries.Count)
            {
                Discard();
                WriteError(new ErrorRecord(new ItemNotFoundException($"None of the series given could be read, so '{_target}' was not written."),
                    "NoSeriesToExport", ErrorCategory.ObjectNotFound, _target));
                return;
            }
            Commit();
            WriteVerbose($"{_rows} row(s) from {_requestsDone} request(s) written to '{_target}'.");
            if (PassThru) WriteObject(new FileInfo(_target));
        }

        /// <summary>Deletes the temporary file unless it became the target (error, Ctrl+C, -WhatIf...).</summary>
        void IDisposable.Dispose()
        {
            Discard();
            base.Dispose();
        }

        private void Discard()
        {
            try
            {
                _writer?.Dispose();
            }
            catch (Exception)
            {
                // Closing a file that could not be written (disk full): it is deleted below anyway.
            }
            _writer = null;
            if (_temporary != null)
            {
                try
                {
                    File.Delete(_temporary);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Nothing more can be done; the name starts with a dot and ends in .tmp.
                }
                _temporary = null;
            }
        }

        private void Commit()
        {
            try
            {
                _writer!.Flush();
                _writer.Dispose();
                _writer = null;
                if (File.Exists(_target))
                {
                    if (!Force)
                    {
                        ThrowTerminatingError(new ErrorRecord(
                            new IOException($"{_parameterName}: the file '{_target}' was created by someone else during the export; nothing was replaced. Add -Force to replace it."),
                            "FileExists", ErrorCategory.ResourceExists, _target));
                    }
                    File.Replace(_temporary!, _target, null);
                }
                else
                {
                    File.Move(_temporary!, _target);
                }
                _temporary = null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "CannotWriteFile", ErrorCategory.WriteError, _target)
                {
                    ErrorDetails = new ErrorDetails($"{_parameterName}: could not write '{_target}': {ex.Message} The file was left as it was."),
                });
            }
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
            while (_inFlight.Count >= Concurrency) WriteNext();
            _requestsPlanned++;
            _inFlight.Enqueue((chunk, Start(token => DatapointsApi.SendAsync(ActiveSession.Client, Query, chunk, token))));
        }

        /// <summary>Writes the responses that have already arrived, without waiting.</summary>
        private void WriteReady()
        {
            while (_inFlight.Count > 0 && _inFlight.Peek().Response.IsCompleted) WriteNext();
        }

        private void WriteNext()
        {
            (DatapointsChunk chunk, Task<DatapointsResponse> pending) = _inFlight.Dequeue();
            if (_requestsPlanned > 1)
            {
                WriteProgress(new ProgressRecord(_progressId, "Export-SoDataDatapoint", $"{_rows} rows written to {IOPath.GetFileName(_target)}")
                {
                    CurrentOperation = $"Batch {chunk.BatchNumber} of {chunk.BatchCount} ({chunk.Series.Count} series), window {chunk.WindowNumber} of {chunk.WindowCount}",
                    PercentComplete = Math.Min(100, (int)(100.0 * _requestsDone / _requestsPlanned)),
                });
            }
            DatapointsResponse response;
            try
            {
                response = Await(pending);
            }
            catch (Exception ex) when (ex is SoDataApiException || ex is SoDataAuthenticationException)
            {
                // A file missing some series would look complete: the export stops, and no file is written.
                ErrorRecord record = ChunkError(ex, chunk, $"The export stopped; '{_target}' was not written.");
                foreach ((DatapointsChunk _, Task<DatapointsResponse> other) in _inFlight) other.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                _inFlight.Clear();
                ThrowTerminatingError(record);
                return;
            }
            _requestsDone++;
            IEnumerable<DataPoint> points = Counted(DatapointsApi.EnumeratePoints(Query, chunk, response));
            if (Pivot) AddToWindow(chunk, points);
            else foreach (DataPoint point in points) WritePoint(point);
        }

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
                    _seriesWithPoints.Add($"{point.CorporateAccountUuid}/{point.DeviceUuid}/{point.StreamRef}".ToLowerInvariant());
                }
                previous = point;
                yield return point;
            }
        }

        // CSV: invariant culture, ISO 8601 times, quotes only where a field needs them.

        private static readonly char[] NeedsQuotes = { ',', '"', '\r', '\n' };

        private void WriteField(string? text, bool first)
        {
            if (!first) _writer!.Write(',');
            if (string.IsNullOrEmpty(text)) return;
            if (text!.IndexOfAny(NeedsQuotes) < 0 && text[0] != ' ' && text[text.Length - 1] != ' ')
            {
                _writer!.Write(text);
                return;
            }
            _writer!.Write('"');
            _writer.Write(text.Replace("\"", "\"\""));
            _writer.Write('"');
        }

        private void WriteRow(IReadOnlyList<string> fields)
        {
            for (int i = 0; i < fields.Count; i++) WriteField(fields[i], i == 0);
            _writer!.WriteLine();
        }

        internal static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

        private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

        private void WritePoint(DataPoint point)
        {
            WriteField(Time(point.Timestamp), true);
            WriteField(Number(point.Value), false);
            WriteField(point.DeviceUuid, false);
            WriteField(point.DeviceName, false);
            WriteField(point.Title, false);
            WriteField(point.Unit, false);
            WriteField(point.ItemType, false);
            WriteField(point.ItemIndex.ToString(CultureInfo.InvariantCulture), false);
            WriteField(point.ServiceId.ToString(CultureInfo.InvariantCulture), false);
            WriteField(point.StreamRef, false);
            WriteField(point.Granularity.ToString(), false);
            WriteField(point.Aggregation?.ToString(), false);
            WriteField(point.CorporateAccountUuid, false);
            _writer!.WriteLine();
            _rows++;
        }

        // -Pivot: the same columns and labels as Get-SoDataDatapoint -Pivot, one window at a time.

        private void StartPivot()
        {
            List<string> labels = DatapointsPivot.Labels(AllSeries.ToList());
            _column = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < AllSeries.Count; i++) _column[AllSeries[i].Key] = i;
            _pivotZone = Query.UseDeviceLocalTimezone ? null : DatapointsTimeZones.Find(Query.TimeZone);
            _windowRows = new SortedDictionary<DateTimeOffset, double?[]>();
            WriteRow(new[] { "Timestamp" }.Concat(labels).ToList());
        }

        private void AddToWindow(DatapointsChunk chunk, IEnumerable<DataPoint> points)
        {
            if (chunk.WindowNumber != _window) FlushWindow();
            _window = chunk.WindowNumber;
            foreach (DataPoint point in points)
            {
                if (!_windowRows!.TryGetValue(point.Timestamp, out double?[]? row)) _windowRows[point.Timestamp] = row = new double?[AllSeries.Count];
                string key = $"{point.CorporateAccountUuid}/{point.DeviceUuid}/{point.StreamRef}".ToLowerInvariant();
                if (_column!.TryGetValue(key, out int index)) row[index] = point.Value;
            }
        }

        private void FlushWindow()
        {
            if (_windowRows == null) return;
            foreach (KeyValuePair<DateTimeOffset, double?[]> row in _windowRows)
            {
                // The wall time in -TimeZone, with its offset (UTC when the zone is the device's own or unknown here).
                DateTimeOffset timestamp = _pivotZone != null ? TimeZoneInfo.ConvertTime(row.Key, _pivotZone) : row.Key.ToUniversalTime();
                WriteField(Time(timestamp), true);
                foreach (double? value in row.Value) WriteField(Number(value), false);
                _writer!.WriteLine();
                _rows++;
            }
            _windowRows.Clear();
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
}
