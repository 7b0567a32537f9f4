using System;
using System.Collections.Generic;

namespace SoData.Output
{
    /// <summary>
    /// What <see cref="XlsxTableWriter"/> needs of a spreadsheet library, and no more: SoData.Spreadsheet.dll implements
    /// it with SpreadCheetah, loaded in isolation (see <see cref="WorkbookSinks"/>), so no type of the library crosses
    /// into SoData.dll. Time cells arrive already in the wall time to show (their <see cref="DateTimeOffset.DateTime"/>).
    /// </summary>
    public interface IWorkbookSink : IDisposable
    {
        /// <summary>Starts a sheet: its header row, frozen, with an autofilter, and the columns' widths.</summary>
        void StartSheet(string name, IReadOnlyList<TableColumn> columns);

        /// <summary>Numbers as numbers, times as date-times with a date-time format, text as text, empty cells left out.</summary>
        void AddRow(TableCell[] cells);

        /// <summary>Ends the last sheet and the workbook, and flushes it to the stream.</summary>
        void Finish();
    }
}
