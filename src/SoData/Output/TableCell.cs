using System;

namespace SoData.Output
{
    /// <summary>What a cell holds, so that each file format can write it as its own type (an Excel number, date or text).</summary>
    public enum CellKind
    {
        Empty,
        Number,
        Time,
        Text,
    }

    /// <summary>One cell of a row. A struct, so a row of cells is one reused array, however many rows are written.</summary>
    public readonly struct TableCell
    {
        private TableCell(CellKind kind, double number, DateTimeOffset time, string? text)
        {
            Kind = kind;
            Number = number;
            Time = time;
            Text = text;
        }

        public CellKind Kind { get; }
        public double Number { get; }
        public DateTimeOffset Time { get; }
        public string? Text { get; }

        public static TableCell Empty => default;

        public static TableCell Of(double? number) => number.HasValue ? new TableCell(CellKind.Number, number.Value, default, null) : default;

        public static TableCell Of(DateTimeOffset time) => new TableCell(CellKind.Time, 0, time, null);

        public static TableCell Of(string? text) => string.IsNullOrEmpty(text) ? default : new TableCell(CellKind.Text, 0, default, text);

        public override string ToString() => Kind switch
        {
            CellKind.Number => Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            CellKind.Time => Time.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            CellKind.Text => Text!,
            _ => string.Empty,
        };
    }

    /// <summary>A column: its header, what its cells hold, and a width (in characters) that shows them whole.</summary>
    public sealed class TableColumn
    {
        public TableColumn(string name, CellKind kind, double width)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Kind = kind;
            Width = width;
        }

        public string Name { get; }
        public CellKind Kind { get; }
        public double Width { get; }

        /// <summary>The unit of every value of this column (a pivot's series), shown by its number format; null for none.</summary>
        public string? Unit { get; set; }

        /// <summary>The column (0-based) whose text is the unit of this column's value on the same row (the long layout's Unit); -1 for none.</summary>
        public int UnitColumn { get; set; } = -1;

        /// <summary>True for the values of a series (the long layout's Value, a pivot's series columns): what a chart draws.</summary>
        public bool IsMeasure { get; set; }

        /// <summary>The same column with another header and width (the workbook names the zone, and fits the widths to the rows).</summary>
        public TableColumn With(string name, double width) => new TableColumn(name, Kind, width) { Unit = Unit, UnitColumn = UnitColumn, IsMeasure = IsMeasure };

        public override string ToString() => Name;
    }
}
