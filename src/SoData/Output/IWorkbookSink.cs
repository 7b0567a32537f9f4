using System;
using System.Collections.Generic;

namespace SoData.Output
{
    /// <summary>
    /// What <see cref="XlsxTableWriter"/> needs of a spreadsheet library, and no more: SoData.Spreadsheet.dll implements
    /// it with SpreadCheetah (the cells, streamed) and the Open XML SDK (charts), loaded in isolation (see
    /// <see cref="WorkbookSinks"/>), so no type of those libraries crosses into SoData.dll. Time cells arrive already in the
    /// wall time to show (their <see cref="DateTimeOffset.DateTime"/>).
    /// </summary>
    public interface IWorkbookSink : IDisposable
    {
        /// <summary>Starts a sheet: its title row if any, then an Excel table (style, filter buttons) whose header row is frozen, with the columns' widths.</summary>
        void StartSheet(WorkbookSheet sheet);

        /// <summary>
        /// Numbers as numbers (with their column's unit in the number format), times as date-times with a date-time
        /// format, text as text, empty cells left out.
        /// </summary>
        void AddRow(TableCell[] cells);

        /// <summary>Ends the last sheet and the workbook, then adds <paramref name="charts"/> (a workbook small enough to chart), and flushes it to the stream.</summary>
        void Finish(IReadOnlyList<WorkbookChart> charts);
    }
}
