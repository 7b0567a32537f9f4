using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SoData.Output
{
    /// <summary>
    /// An Excel workbook, streamed: each sheet is an Excel table (style, filter buttons) under a frozen header, its columns
    /// as wide as the first <see cref="WorkbookOptions.RowsMeasured"/> rows need (those rows are held until the widths are
    /// known, as SpreadCheetah takes the widths before the first row; every later row goes on at once). Times are shown in
    /// <c>zone</c> (wall time, as Excel has no offsets), named in the header, so a report reads the same on any computer.
    /// A sheet holds at most <see cref="RowsPerSheet"/> rows (Excel's limit); the rows go on in a new sheet with the same
    /// header. With <see cref="WorkbookOptions.SheetPer"/>, each group's rows (which must come together) get a sheet of
    /// their own, titled with the group's full name; with <see cref="WorkbookOptions.Chart"/>, each sheet gets a line chart.
    /// </summary>
    public sealed class XlsxTableWriter : ITableWriter
    {
        /// <summary>Excel's most rows in a sheet.</summary>
        public const int ExcelMaxRows = 1_048_576;

        /// <summary>The rows of a sheet, header (and title) included. Internal so that tests can split sheets with a few rows.</summary>
        internal static int RowsPerSheet { get; set; } = ExcelMaxRows;

        private readonly IWorkbookSink _sink;
        private readonly TimeZoneInfo? _zone;
        private readonly WorkbookOptions _options;
        private readonly int _rowsPerSheet;
        private readonly SheetNames _names = new SheetNames();
        private readonly List<WorkbookChart> _charts = new List<WorkbookChart>();
        private readonly HashSet<string> _groupsDone = new HashSet<string>(StringComparer.Ordinal);
        private IReadOnlyList<TableColumn>? _columns;
        private SheetGroups? _groups;
        private TableCell[]? _shown;

        // The sheet being written.
        private string? _group;
        private string _sheetName = string.Empty;
        private string _wantedName = string.Empty;
        private string? _title;
        private int _continuation;
        private List<TableCell[]>? _measured; // the first rows, until the widths are known
        private int _rowsOnSheet;
        private int _valueRows;
        private readonly ChartUnits _units = new ChartUnits();
        private ChartTooLargeException? _chartTooLarge;

        /// <param name="sink">The workbook being written; disposed with this writer.</param>
        /// <param name="zone">The zone times are shown in; null to show each as the wall time it carries.</param>
        /// <param name="sheetName">The sheet's name.</param>
        public XlsxTableWriter(IWorkbookSink sink, TimeZoneInfo? zone, string sheetName)
            : this(sink, zone, new WorkbookOptions { WorksheetName = sheetName })
        {
        }

        /// <param name="sink">The workbook being written; disposed with this writer.</param>
        /// <param name="zone">The zone times are shown in; null to show each as the wall time it carries.</param>
        /// <param name="options">Sheet name, sheets per group, chart, the zone's name for the header.</param>
        public XlsxTableWriter(IWorkbookSink sink, TimeZoneInfo? zone, WorkbookOptions options)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _zone = zone;
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _rowsPerSheet = Math.Max(3, RowsPerSheet);
        }

        /// <summary>Sheets started so far (chart sheets not counted).</summary>
        public int Sheets { get; private set; }

        public void WriteHeader(IReadOnlyList<TableColumn> columns)
        {
            if (_columns != null) throw new InvalidOperationException("The header is written once.");
            _columns = columns.Select(c => c.Kind == CellKind.Time && _options.ZoneLabel != null ? c.With(c.Name + " (" + _options.ZoneLabel + ")", c.Width) : c).ToList();
            if (_options.SheetPer.HasValue) _groups = new SheetGroups(_options.SheetPer.Value, columns);
            else BeginSheet(null, _options.WorksheetName, null);
        }

        public void WriteRow(TableCell[] cells)
        {
            if (_columns == null) throw new InvalidOperationException("Write the header first.");
            if (_shown == null || _shown.Length != cells.Length) _shown = new TableCell[cells.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                TableCell cell = cells[i];
                _shown[i] = cell.Kind == CellKind.Time && _zone != null ? TableCell.Of(TimeZoneInfo.ConvertTime(cell.Time, _zone)) : cell;
            }

            if (_groups != null)
            {
                string key = _groups.Key(_shown);
                if (!string.Equals(key, _group, StringComparison.Ordinal))
                {
                    EndSheet();
                    if (!_groupsDone.Add(key))
                        throw new InvalidOperationException($"The rows of '{_groups.Title(_shown)}' came after another group's: a sheet per group needs each group's rows together.");
                    BeginSheet(key, _groups.SheetName(_shown), _groups.Title(_shown));
                }
            }
            if (_rowsOnSheet >= _rowsPerSheet)
            {
                EndSheet();
                _continuation++;
                BeginSheet(_group, _wantedName, _title, continuing: true);
            }
            if (_chartTooLarge != null) return; // the export will fail: the rest is not worth writing

            _rowsOnSheet++;
            _valueRows++;
            if (_options.Chart)
            {
                _units.Add(_columns, _shown);
                long points = (long)_valueRows * _units.Measures;
                if (points > WorkbookOptions.MaxChartPoints)
                {
                    _chartTooLarge = new ChartTooLargeException(_sheetName, points);
                    return;
                }
            }
            if (_measured != null)
            {
                _measured.Add((TableCell[])_shown.Clone());
                if (_measured.Count >= _options.RowsMeasured) OpenSheet();
            }
            else
            {
                _sink.AddRow(_shown);
            }
        }

        /// <summary>Ends the last sheet and the workbook, with its charts. Throws <see cref="ChartTooLargeException"/> when a chart would hold too many points.</summary>
        public void Complete()
        {
            if (_columns == null) throw new InvalidOperationException("Write the header first.");
            if (Sheets == 0) BeginSheet(null, _options.WorksheetName, null); // no row at all: an empty table all the same
            EndSheet();
            if (_chartTooLarge != null) throw _chartTooLarge;
            _sink.Finish(_charts);
        }

        public void Dispose() => _sink.Dispose();

        private void BeginSheet(string? group, string wantedName, string? title, bool continuing = false)
        {
            if (!continuing) _continuation = 0;
            _group = group;
            _wantedName = wantedName;
            _title = title;
            _sheetName = _names.Take(_continuation == 0 ? wantedName : wantedName + " (" + (_continuation + 1).ToString(CultureInfo.InvariantCulture) + ")");
            _measured = new List<TableCell[]>();
            _rowsOnSheet = title == null ? 1 : 2;
            _valueRows = 0;
            _units.Clear();
            Sheets++;
        }

        /// <summary>Starts the sheet in the workbook with widths fitted to the rows held, then writes them.</summary>
        private void OpenSheet()
        {
            List<TableCell[]> rows = _measured!;
            _measured = null;
            var columns = new List<TableColumn>(_columns!.Count);
            for (int i = 0; i < _columns.Count; i++) columns.Add(_columns[i].With(_columns[i].Name, ColumnWidths.Fit(_columns[i], i, rows)));
            _sink.StartSheet(new WorkbookSheet(_sheetName, _title, columns));
            foreach (TableCell[] row in rows) _sink.AddRow(row);
        }

        private void EndSheet()
        {
            if (_measured != null) OpenSheet();
            if (!_options.Chart || _valueRows == 0 || _chartTooLarge != null) return;
            var series = new List<int>();
            int category = -1;
            for (int i = 0; i < _columns!.Count; i++)
            {
                if (_columns[i].IsMeasure) series.Add(i + 1);
                else if (_columns[i].Kind == CellKind.Time && category < 0) category = i + 1;
            }
            if (series.Count == 0 || category < 0) return;
            int header = _title == null ? 1 : 2;
            string chartTitle = _title ?? _options.ChartTitle ?? _sheetName;
            if (_title != null && _options.ChartTitle != null) chartTitle = _title + ": " + _options.ChartTitle;
            _charts.Add(new WorkbookChart(_sheetName, _names.Take(_sheetName + " chart"), chartTitle, header + 1, header + _valueRows, category, series, _units.Common));
        }

        /// <summary>The unit of the values a chart draws, when they share one: the value axis' title.</summary>
        private sealed class ChartUnits
        {
            private string? _unit;
            private bool _mixed;

            public int Measures { get; private set; }

            public string? Common => _mixed ? null : _unit;

            public void Clear()
            {
                _unit = null;
                _mixed = false;
                Measures = 0;
            }

            public void Add(IReadOnlyList<TableColumn> columns, TableCell[] cells)
            {
                int measures = 0;
                for (int i = 0; i < columns.Count; i++)
                {
                    TableColumn column = columns[i];
                    if (!column.IsMeasure) continue;
                    measures++;
                    string? unit = column.Unit ?? (column.UnitColumn >= 0 ? cells[column.UnitColumn].Text : null);
                    if (_mixed) continue;
                    if (Measures == 0 && measures == 1 && _unit == null) _unit = unit;
                    else if (!string.Equals(unit, _unit, StringComparison.Ordinal)) _mixed = true;
                }
                Measures = measures;
            }
        }
    }
}
