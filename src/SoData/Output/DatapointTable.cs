using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace SoData.Output
{
    /// <summary>
    /// The two layouts of datapoints as table rows, the same for every file format: the long layout (one row per
    /// point, Get-SoDataDatapoint's DataPoint properties as columns) and the pivot (a Timestamp, then a column per
    /// series). Each method fills one reused array of cells.
    /// </summary>
    public static class DatapointTable
    {
        private const double TimeWidth = 20;
        private const double NumberWidth = 12;
        private const double UuidWidth = 38;

        /// <summary>The long layout's columns: Get-SoDataDatapoint's DataPoint properties, in order.</summary>
        public static readonly IReadOnlyList<TableColumn> Columns = new[]
        {
            new TableColumn(nameof(DataPoint.Timestamp), CellKind.Time, TimeWidth),
            // Its unit (the Unit column, index 5) is in each value's number format: "230.4 V" stays a number.
            new TableColumn(nameof(DataPoint.Value), CellKind.Number, NumberWidth) { UnitColumn = 5, IsMeasure = true },
            new TableColumn(nameof(DataPoint.DeviceUuid), CellKind.Text, UuidWidth),
            new TableColumn(nameof(DataPoint.DeviceName), CellKind.Text, 24),
            new TableColumn(nameof(DataPoint.Title), CellKind.Text, 32),
            new TableColumn(nameof(DataPoint.Unit), CellKind.Text, 8),
            new TableColumn(nameof(DataPoint.ItemType), CellKind.Text, 12),
            new TableColumn(nameof(DataPoint.ItemIndex), CellKind.Number, 11),
            new TableColumn(nameof(DataPoint.ServiceId), CellKind.Number, 11),
            new TableColumn(nameof(DataPoint.StreamRef), CellKind.Text, 18),
            new TableColumn(nameof(DataPoint.Granularity), CellKind.Text, 13),
            new TableColumn(nameof(DataPoint.Aggregation), CellKind.Text, 13),
            new TableColumn(nameof(DataPoint.CorporateAccountUuid), CellKind.Text, UuidWidth),
        };

        /// <summary>A row of the long layout; <paramref name="cells"/> has <see cref="Columns"/>' length.</summary>
        [MethodImpl(HotPath.OptimizeNow)]
        public static void Fill(DataPoint point, TableCell[] cells)
        {
            cells[0] = TableCell.Of(point.Timestamp);
            cells[1] = TableCell.Of(point.Value);
            cells[2] = TableCell.Of(point.DeviceUuid);
            cells[3] = TableCell.Of(point.DeviceName);
            cells[4] = TableCell.Of(point.Title);
            cells[5] = TableCell.Of(point.Unit);
            cells[6] = TableCell.Of(point.ItemType);
            cells[7] = TableCell.Of(point.ItemIndex);
            cells[8] = TableCell.Of(point.ServiceId);
            cells[9] = TableCell.Of(point.StreamRef);
            cells[10] = TableCell.Of(GranularityName(point.Granularity));
            cells[11] = TableCell.Of(point.Aggregation.HasValue ? AggregationName(point.Aggregation.Value) : null);
            cells[12] = TableCell.Of(point.CorporateAccountUuid);
        }

        /// <summary>The pivot's columns: Timestamp, then one per series label, wide enough for the label.</summary>
        public static IReadOnlyList<TableColumn> PivotColumns(PivotTable pivot) =>
            new[] { new TableColumn("Timestamp", CellKind.Time, TimeWidth) }
                .Concat(pivot.Labels.Select((label, i) => new TableColumn(label, CellKind.Number, Math.Min(60, Math.Max(NumberWidth, label.Length + 3)))
                {
                    Unit = string.IsNullOrEmpty(pivot.Units[i]) ? null : pivot.Units[i],
                    IsMeasure = true,
                }))
                .ToList();

        /// <summary>A pivot row; <paramref name="cells"/> has one cell for the timestamp and one per series.</summary>
        public static void Fill(PivotRow row, TableCell[] cells)
        {
            cells[0] = TableCell.Of(row.Timestamp);
            for (int i = 0; i < row.Values.Count; i++) cells[i + 1] = TableCell.Of(row.Values[i]);
        }

        // Enum names without Enum.ToString's reflection, once per row of millions.
        private static readonly string[] GranularityNames = Enum.GetNames(typeof(Granularity));
        private static readonly string[] AggregationNames = Enum.GetNames(typeof(Aggregation));

        private static string GranularityName(Granularity value) => (int)value >= 0 && (int)value < GranularityNames.Length ? GranularityNames[(int)value] : value.ToString();

        private static string AggregationName(Aggregation value) => (int)value >= 0 && (int)value < AggregationNames.Length ? AggregationNames[(int)value] : value.ToString();
    }
}
