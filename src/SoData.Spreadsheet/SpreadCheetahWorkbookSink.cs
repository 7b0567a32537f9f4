using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using SoData.Output;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Tables;
using SpreadCheetah.Worksheets;

namespace SoData.Spreadsheet
{
    /// <summary>
    /// The workbook of Export-SoDataDatapoint, written with SpreadCheetah: it streams each row into the zip as it
    /// comes (a 64 KB buffer), so a sheet of a million rows costs no more memory than a CSV. Each sheet is an Excel table
    /// (SpreadCheetah writes the table part when the sheet ends, when its last row is known). Charts, which SpreadCheetah
    /// cannot write, are added by <see cref="OpenXmlCharts"/> once the cells are done. Created by SoData.dll through
    /// reflection (see WorkbookSinks); nothing of SpreadCheetah leaks out of this class. SpreadCheetah's API is
    /// asynchronous; the cmdlet writes on the pipeline thread, so each call is waited for (it completes synchronously
    /// except when a full buffer goes to the file).
    /// </summary>
    public sealed class SpreadCheetahWorkbookSink : IWorkbookSink
    {
        private readonly Stream _stream;
        private readonly SpreadCheetah.Spreadsheet _spreadsheet;
        private readonly Dictionary<string, StyleId> _unitStyles = new Dictionary<string, StyleId>(StringComparer.Ordinal);
        private StyleId? _titleStyle;
        private IReadOnlyList<TableColumn> _columns = Array.Empty<TableColumn>();
        private StyleId?[] _columnStyles = Array.Empty<StyleId?>();
        private StyledCell[] _row = Array.Empty<StyledCell>();

        // The last unit seen per column and its style: a column's rows mostly share one unit, so the dictionary is rarely asked.
        private string?[] _lastUnit = Array.Empty<string?>();
        private StyleId?[] _lastUnitStyle = Array.Empty<StyleId?>();

        public SpreadCheetahWorkbookSink(Stream stream)
        {
            _stream = stream;
            var options = new SpreadCheetahOptions
            {
                // yyyy-mm-dd hh:mm:ss: read the same in every locale, and sorts as text would.
                DefaultDateTimeFormat = NumberFormat.Custom(NumberFormats.DateTimeSortable),
            };
            _spreadsheet = Wait(SpreadCheetah.Spreadsheet.CreateNewAsync(stream, options));
        }

        public void StartSheet(WorkbookSheet sheet)
        {
            IReadOnlyList<TableColumn> columns = sheet.Columns;
            // The table's header row stays in view; its filter buttons come with the table (no sheet-wide autofilter,
            // which Excel refuses over a table).
            var options = new WorksheetOptions { FrozenRows = sheet.HeaderRow };
            for (int i = 0; i < columns.Count; i++) options.Column(i + 1).Width = columns[i].Width;
            Wait(_spreadsheet.StartWorksheetAsync(sheet.Name, options));

            if (sheet.Title != null)
            {
                _titleStyle ??= _spreadsheet.AddStyle(new Style { Font = { Bold = true, Size = 13 } });
                Wait(_spreadsheet.AddRowAsync(new[] { new StyledCell(sheet.Title, _titleStyle) }));
            }
            _spreadsheet.StartTable(new Table(TableStyle.Medium2));
            var header = new string[columns.Count];
            for (int i = 0; i < columns.Count; i++) header[i] = columns[i].Name;
            Wait(_spreadsheet.AddHeaderRowAsync(header));

            _columns = columns;
            _row = new StyledCell[columns.Count];
            _columnStyles = new StyleId?[columns.Count];
            _lastUnit = new string?[columns.Count];
            _lastUnitStyle = new StyleId?[columns.Count];
            for (int i = 0; i < columns.Count; i++)
                if (!string.IsNullOrEmpty(columns[i].Unit)) _columnStyles[i] = UnitStyle(columns[i].Unit!);
        }

        public void AddRow(TableCell[] cells)
        {
            for (int i = 0; i < cells.Length; i++)
            {
                TableCell cell = cells[i];
                _row[i] = cell.Kind switch
                {
                    CellKind.Number => new StyledCell(cell.Number, NumberStyle(i, cells)),
                    CellKind.Time => new StyledCell(cell.Time.DateTime, null),
                    CellKind.Text => new StyledCell(cell.Text, null),
                    _ => default,
                };
            }
            Wait(_spreadsheet.AddRowAsync(_row));
        }

        public void Finish(IReadOnlyList<WorkbookChart> charts)
        {
            Wait(_spreadsheet.FinishAsync());
            if (charts.Count > 0) OpenXmlCharts.Add(_stream, charts);
        }

        public void Dispose() => _spreadsheet.Dispose();

        /// <summary>The style of a number: its column's unit, or the unit its row names (the long layout's Unit column).</summary>
        private StyleId? NumberStyle(int column, TableCell[] cells)
        {
            if (_columnStyles[column] is StyleId fixedStyle) return fixedStyle;
            int from = _columns[column].UnitColumn;
            if (from < 0) return null;
            string? unit = cells[from].Text;
            if (unit == null) return null;
            if (ReferenceEquals(unit, _lastUnit[column]) || string.Equals(unit, _lastUnit[column], StringComparison.Ordinal)) return _lastUnitStyle[column];
            _lastUnit[column] = unit;
            return _lastUnitStyle[column] = UnitStyle(unit);
        }

        /// <summary>A number format that shows the unit after the number, which stays a number: General" kW".</summary>
        private StyleId UnitStyle(string unit)
        {
            if (_unitStyles.TryGetValue(unit, out StyleId style)) return style;
            string literal = unit.Replace("\"", string.Empty);
            style = _spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("General\" " + literal + "\"") });
            _unitStyles[unit] = style;
            return style;
        }

        private static void Wait(ValueTask task)
        {
            if (task.IsCompletedSuccessfully) return;
            task.AsTask().GetAwaiter().GetResult();
        }

        private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }
}
