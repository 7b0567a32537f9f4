using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using SoData.Client;

namespace SoData.Output
{
    /// <summary>
    /// The file of Export-SoDataDatapoint while it is written: an <see cref="AtomicFile"/> (nothing appears at the target
    /// until <see cref="Commit"/>; <see cref="Dispose"/> without a commit leaves an existing target as it was), its
    /// table writer (CSV, or a workbook written on a thread of its own), and the rows: one per point, or with a pivot one
    /// per timestamp, window by window so only one window's rows are held. Throws <see cref="ExportFileException"/>.
    /// </summary>
    public sealed class DatapointFile : IDisposable
    {
        private readonly ExportTarget _target;
        private AtomicFile? _file;
        private ITableWriter? _table;
        private readonly XlsxTableWriter? _workbook;
        private readonly TimeZoneInfo? _zone;
        private TableCell[] _cells = Array.Empty<TableCell>();
        private PivotTable? _pivot;
        private int _window;

        private DatapointFile(ExportTarget target, AtomicFile file, TimeZoneInfo? zone, WorkbookOptions? layout, Func<Stream, IWorkbookSink> workbooks)
        {
            _target = target;
            _file = file;
            _zone = zone;
            if (target.Format == ExportFormat.Xlsx)
            {
                // The workbook's XML and compression run on a thread of their own while the cmdlet reads the next responses.
                _workbook = new XlsxTableWriter(CreateWorkbook(workbooks, file.Stream), zone, layout ?? new WorkbookOptions());
                _table = new BackgroundTableWriter(_workbook);
            }
            else
            {
                _table = new CsvTableWriter(new StreamWriter(file.Stream, target.Encoding!, 1 << 16));
            }
        }

        /// <summary>Creates the temporary file beside the target and its writer.</summary>
        /// <param name="zone">The zone of the workbook's timestamps and of the pivot's rows; null for UTC.</param>
        /// <param name="layout">A workbook's sheet name, sheets per group, charts and zone label; null for the defaults.</param>
        /// <param name="workbooks">Creates the workbook writer (default: SoData.Spreadsheet's).</param>
        public static DatapointFile Create(ExportTarget target, TimeZoneInfo? zone, WorkbookOptions? layout = null, Func<Stream, IWorkbookSink>? workbooks = null)
        {
            AtomicFile file;
            try
            {
                file = AtomicFile.Create(target.Path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ExportFileException("CannotWriteFile", ExportFileProblem.CannotWrite,
                    $"{target.NamedBy}: cannot write in the folder '{target.Folder}': {ex.Message}", target.Path, ex);
            }
            try
            {
                return new DatapointFile(target, file, zone, layout, workbooks ?? WorkbookSinks.Create);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>The temporary file being written, until the commit.</summary>
        public string? TemporaryPath => _file?.TemporaryPath;

        /// <summary>Rows written so far, beside the header.</summary>
        public long Rows { get; private set; }

        /// <summary>The workbook's sheets (a new one each time Excel's row limit is reached); 1 for CSV.</summary>
        public int Sheets => _workbook?.Sheets ?? 1;

        /// <summary>Starts a table of one row per point (<see cref="DatapointTable.Columns"/>).</summary>
        public void StartPoints() => StartTable(DatapointTable.Columns);

        /// <summary>
        /// Starts a pivot of <paramref name="series"/>: a Timestamp column, then one column per series, named by
        /// <paramref name="headerTemplate"/> (see <see cref="PivotHeaders"/>), its rows in <paramref name="rowZone"/>
        /// (the devices' own zone, known only once every series is in), or else in the file's zone.
        /// </summary>
        internal void StartPivot(IReadOnlyList<DatapointsSeries> series, string? headerTemplate = null, TimeZoneInfo? rowZone = null)
        {
            _pivot = new PivotTable(series, rowZone ?? _zone, headerTemplate);
            StartTable(DatapointTable.PivotColumns(_pivot));
        }

        /// <summary>One row per point (after <see cref="StartPoints"/>).</summary>
        [MethodImpl(HotPath.OptimizeNow)]
        public void WritePoints(IEnumerable<DataPoint> points)
        {
            foreach (DataPoint point in points)
            {
                DatapointTable.Fill(point, _cells);
                Table.WriteRow(_cells);
                Rows++;
            }
        }

        /// <summary>
        /// Adds the points of one response to the pivot (after <see cref="StartPivot"/>); the first of the next window
        /// writes the rows of this one. Responses must come window by window.
        /// </summary>
        public void AddToWindow(int window, IEnumerable<DataPoint> points)
        {
            if (window != _window) FlushWindow();
            _window = window;
            _pivot!.AddRange(points);
        }

        /// <summary>Writes the pivot's rows held so far (the last window's, at the end).</summary>
        public void FlushWindow()
        {
            if (_pivot == null) return;
            foreach (PivotRow row in _pivot.TakeRows())
            {
                DatapointTable.Fill(row, _cells);
                Table.WriteRow(_cells);
                Rows++;
            }
        }

        /// <summary>
        /// Completes the table and renames the temporary file to the target, replacing it only with
        /// <paramref name="replace"/>; otherwise a target created by someone else meanwhile is left as it is.
        /// </summary>
        public void Commit(bool replace)
        {
            bool committed;
            try
            {
                Table.Complete();
                Table.Dispose();
                _table = null;
                committed = _file!.Commit(replace);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ExportFileException("CannotWriteFile", ExportFileProblem.CannotWrite,
                    $"{_target.NamedBy}: could not write '{_target.Path}': {ex.Message} The file was left as it was.", _target.Path, ex);
            }
            catch (ChartTooLargeException ex)
            {
                throw new ExportFileException("ChartTooLarge", ExportFileProblem.InvalidArgument, ex.Message, _target.Path, ex);
            }
            if (!committed)
            {
                throw new ExportFileException("FileExists", ExportFileProblem.FileExists,
                    $"{_target.NamedBy}: the file '{_target.Path}' was created by someone else during the export; nothing was replaced. Add -Force to replace it.", _target.Path);
            }
            _file = null;
        }

        /// <summary>Closes the table and deletes the temporary file unless it became the target (error, Ctrl+C, -WhatIf...).</summary>
        public void Dispose()
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

        private ITableWriter Table => _table ?? throw new ObjectDisposedException(nameof(DatapointFile));

        private void StartTable(IReadOnlyList<TableColumn> columns)
        {
            _cells = new TableCell[columns.Count];
            Table.WriteHeader(columns);
        }

        private IWorkbookSink CreateWorkbook(Func<Stream, IWorkbookSink> workbooks, Stream stream)
        {
            try
            {
                return workbooks(stream);
            }
            catch (Exception ex) when (!(ex is ExportFileException))
            {
                Exception cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                throw new ExportFileException("SpreadsheetWriterNotLoaded", ExportFileProblem.WriterNotLoaded,
                    $"The Excel writer of the SoData module could not be loaded: {cause.Message} Export to a .csv file instead, or reinstall the module.", _target.Path, cause);
            }
        }
    }
}
