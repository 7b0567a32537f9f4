using System;
using System.Collections.Generic;
using System.Globalization;

namespace SoData.Output
{
    /// <summary>
    /// Column widths (in Excel's characters) that show a column's first rows whole, as Excel's "AutoFit" would, measured
    /// before the sheet starts: the header with room for its filter button, text by its length, numbers as Excel's General
    /// format shows them (with their unit), date-times as yyyy-mm-dd hh:mm:ss. Within 8 and 60, so a long text wraps
    /// nothing and hides nothing else.
    /// </summary>
    public static class ColumnWidths
    {
        public const double Min = 8;
        public const double Max = 60;

        /// <summary>The filter button of a table's header takes about this many characters.</summary>
        private const double FilterButton = 3;

        private const int DateTimeLength = 19;

        public static double Fit(TableColumn column, int index, IReadOnlyList<TableCell[]> rows)
        {
            double widest = column.Name.Length + FilterButton;
            foreach (TableCell[] row in rows)
            {
                TableCell cell = row[index];
                int length;
                switch (cell.Kind)
                {
                    case CellKind.Text:
                        length = cell.Text!.Length;
                        break;
                    case CellKind.Time:
                        length = DateTimeLength;
                        break;
                    case CellKind.Number:
                        // Excel's General shows at most 11 characters of a number.
                        length = Math.Min(11, cell.Number.ToString("G10", CultureInfo.InvariantCulture).Length);
                        string? unit = column.Unit ?? (column.UnitColumn >= 0 ? row[column.UnitColumn].Text : null);
                        if (!string.IsNullOrEmpty(unit)) length += 1 + unit!.Length;
                        break;
                    default:
                        continue;
                }
                widest = Math.Max(widest, length);
            }
            return Math.Round(Math.Min(Max, Math.Max(Min, widest + 1.5)), 2);
        }
    }
}
