using System;
using System.Collections.Generic;

namespace SoData.Output
{
    /// <summary>
    /// A sheet as <see cref="IWorkbookSink"/> starts it: a valid, unique name; an optional title row above the table (the
    /// full name of the group, which the 31-character sheet name may cut); and the table's columns, with fitted widths.
    /// </summary>
    public sealed class WorkbookSheet
    {
        public WorkbookSheet(string name, string? title, IReadOnlyList<TableColumn> columns)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Title = title;
            Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        }

        public string Name { get; }

        /// <summary>Row 1 when set; the table's header is then row 2.</summary>
        public string? Title { get; }

        public IReadOnlyList<TableColumn> Columns { get; }

        /// <summary>The 1-based row of the table's header.</summary>
        public int HeaderRow => Title == null ? 1 : 2;
    }

    /// <summary>
    /// A line chart of a sheet's table, added once the cells are written: one series per measure column, the timestamps
    /// as categories, each a reference to the sheet's cells (so Excel redraws it when a cell changes).
    /// </summary>
    public sealed class WorkbookChart
    {
        public WorkbookChart(string sheetName, string chartSheetName, string title, int firstRow, int lastRow, int categoryColumn,
            IReadOnlyList<int> seriesColumns, string? valueAxisTitle)
        {
            SheetName = sheetName;
            ChartSheetName = chartSheetName;
            Title = title;
            FirstRow = firstRow;
            LastRow = lastRow;
            CategoryColumn = categoryColumn;
            SeriesColumns = seriesColumns;
            ValueAxisTitle = valueAxisTitle;
        }

        /// <summary>The sheet whose cells the chart draws.</summary>
        public string SheetName { get; }

        /// <summary>The chart sheet that shows it, after the data sheets.</summary>
        public string ChartSheetName { get; }

        public string Title { get; }

        /// <summary>1-based rows of the values (the header is the row before <see cref="FirstRow"/> and names each series).</summary>
        public int FirstRow { get; }

        public int LastRow { get; }

        /// <summary>1-based column of the timestamps.</summary>
        public int CategoryColumn { get; }

        /// <summary>1-based columns drawn, one series each.</summary>
        public IReadOnlyList<int> SeriesColumns { get; }

        /// <summary>The value axis' title: the unit; null when the series have no unit in common.</summary>
        public string? ValueAxisTitle { get; }
    }
}
