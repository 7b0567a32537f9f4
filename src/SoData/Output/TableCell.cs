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

        public override string ToString() => Name;
    }
}
