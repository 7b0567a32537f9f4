using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using SoData.Output;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace SoData.Spreadsheet
{
    /// <summary>
    /// The workbook of Export-SoDataDatapoint, written with SpreadCheetah: it streams each row into the zip as it
    /// comes (a 64 KB buffer), so a sheet of a million rows costs no more memory than a CSV. Created by SoData.dll
    /// through reflection (see WorkbookSinks); nothing of SpreadCheetah leaks out of this class. SpreadCheetah's API is
    /// asynchronous; the cmdlet writes on the pipeline thread, so each call is waited for (it completes synchronously
    /// except when a full buffer goes to the file).
    /// </summary>
    public sealed class SpreadCheetahWorkbookSink : IWorkbookSink
    {
        private readonly SpreadCheetah.Spreadsheet _spreadsheet;
        private StyleId? _headerStyle;
        private DataCell[] _row = Array.Empty<DataCell>();

        public SpreadCheetahWorkbookSink(Stream stream)
        {
            var options = new SpreadCheetahOptions
            {
                // yyyy-mm-dd hh:mm:ss: read the same in every locale, and sorts as text would.
                DefaultDateTimeFormat = NumberFormat.Custom(NumberFormats.DateTimeSortable),
            };
            _spreadsheet = Wait(SpreadCheetah.Spreadsheet.CreateNewAsync(stream, options));
        }

        public void StartSheet(string name, IReadOnlyList<TableColumn> columns)
        {
            var options = new WorksheetOptions
            {
                FrozenRows = 1,
                // The whole columns: rows are streamed, so how many there will be is not known yet.
                AutoFilter = new AutoFilterOptions("A1:" + ColumnName(columns.Count) + "1048576"),
            };
            for (int i = 0; i < columns.Count; i++) options.Column(i + 1).Width = columns[i].Width;
            Wait(_spreadsheet.StartWorksheetAsync(SheetName(name), options));
            _headerStyle ??= _spreadsheet.AddStyle(new Style { Font = { Bold = true } });

            var header = new string[columns.Count];
            for (int i = 0; i < columns.Count; i++) header[i] = columns[i].Name;
            Wait(_spreadsheet.AddHeaderRowAsync(header, _headerStyle));
        }

        public void AddRow(TableCell[] cells)
        {
            if (_row.Length != cells.Length) _row = new DataCell[cells.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                TableCell cell = cells[i];
                _row[i] = cell.Kind switch
                {
                    CellKind.Number => new DataCell(cell.Number),
                    CellKind.Time => new DataCell(cell.Time.DateTime),
                    CellKind.Text => new DataCell(cell.Text),
                    _ => default,
                };
            }
            Wait(_spreadsheet.AddRowAsync(_row));
        }

        public void Finish() => Wait(_spreadsheet.FinishAsync());

        public void Dispose() => _spreadsheet.Dispose();

        /// <summary>A1 column letters: 1 is A, 27 is AA.</summary>
        private static string ColumnName(int number)
        {
            string name = string.Empty;
            for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
            return name;
        }

        /// <summary>Excel's rules for a sheet name: 31 characters at most, none of : \ / ? * [ ].</summary>
        private static string SheetName(string name)
        {
            char[] chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
                if (Array.IndexOf(new[] { ':', '\\', '/', '?', '*', '[', ']' }, chars[i]) >= 0) chars[i] = '_';
            string clean = new string(chars);
            return clean.Length <= 31 ? clean : clean.Substring(0, 31);
        }

        private static void Wait(ValueTask task)
        {
            if (task.IsCompletedSuccessfully) return;
            task.AsTask().GetAwaiter().GetResult();
        }

        private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }
}
