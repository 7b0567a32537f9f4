using System;
using System.Collections.Generic;
using System.Globalization;

namespace SoData.Output
{
    /// <summary>
    /// An Excel workbook, streamed: each row goes to the sink as it comes. Times are shown in <c>zone</c> (wall time, as
    /// Excel has no offsets), so a report reads the same on any computer. A sheet holds at most
    /// <see cref="RowsPerSheet"/> rows, header included (Excel's limit); the rows go on in a new sheet with the same header.
    /// </summary>
    public sealed class XlsxTableWriter : ITableWriter
    {
        /// <summary>Excel's most rows in a sheet.</summary>
        public const int ExcelMaxRows = 1_048_576;

        /// <summary>The rows of a sheet, header included. Internal so that tests can split sheets with a few rows.</summary>
        internal static int RowsPerSheet { get; set; } = ExcelMaxRows;

        private readonly IWorkbookSink _sink;
        private readonly TimeZoneInfo? _zone;
        private readonly string _sheetName;
        private readonly int _rowsPerSheet;
        private IReadOnlyList<TableColumn>? _columns;
        private TableCell[]? _shown;
        private int _sheets;
        private int _rowsOnSheet;

        /// <param name="sink">The workbook being written; disposed with this writer.</param>
        /// <param name="zone">The zone times are shown in; null to show each as the wall time it carries.</param>
        /// <param name="sheetName">The first sheet's name; the next ones add " (2)", " (3)"...</param>
        public XlsxTableWriter(IWorkbookSink sink, TimeZoneInfo? zone, string sheetName)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _zone = zone;
            _sheetName = sheetName;
            _rowsPerSheet = Math.Max(2, RowsPerSheet);
        }

        /// <summary>Sheets started so far.</summary>
        public int Sheets => _sheets;

        public void WriteHeader(IReadOnlyList<TableColumn> columns)
        {
            if (_columns != null) throw new InvalidOperationException("The header is written once.");
            _columns = columns;
            StartSheet();
        }

        public void WriteRow(TableCell[] cells)
        {
            if (_columns == null) throw new InvalidOperationException("Write the header first.");
            if (_rowsOnSheet >= _rowsPerSheet) StartSheet();
            if (_shown == null || _shown.Length != cells.Length) _shown = new TableCell[cells.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                TableCell cell = cells[i];
                _shown[i] = cell.Kind == CellKind.Time && _zone != null ? TableCell.Of(TimeZoneInfo.ConvertTime(cell.Time, _zone)) : cell;
            }
            _sink.AddRow(_shown);
            _rowsOnSheet++;
        }

        public void Complete()
        {
            if (_columns == null) throw new InvalidOperationException("Write the header first.");
            _sink.Finish();
        }

        public void Dispose() => _sink.Dispose();

        private void StartSheet()
        {
            _sheets++;
            string name = _sheets == 1 ? _sheetName : _sheetName + " (" + _sheets.ToString(CultureInfo.InvariantCulture) + ")";
            _sink.StartSheet(name, _columns!);
            _rowsOnSheet = 1;
        }
    }
}
