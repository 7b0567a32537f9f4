using System;

namespace SoData.Output
{
    /// <summary>What goes on a sheet of its own with -SheetPer.</summary>
    public enum WorksheetGrouping
    {
        /// <summary>One sheet per device: its rows only, every series of it.</summary>
        Device,

        /// <summary>One sheet per series (a device's variable).</summary>
        Series,
    }

    /// <summary>
    /// How Export-SoDataDatapoint lays out a workbook beyond its rows: the sheet's name, one sheet per group, a native
    /// chart, and the zone named in the timestamp header. PowerShell-free; the cmdlet fills it from its parameters.
    /// </summary>
    public sealed class WorkbookOptions
    {
        /// <summary>Excel draws a line chart of more points slowly and unreadably: a chart holds at most this many.</summary>
        public const int MaxChartPoints = 100_000;

        /// <summary>The sheet's name (made valid for Excel); with <see cref="SheetPer"/>, the name of a group without one.</summary>
        public string WorksheetName { get; set; } = "Datapoints";

        /// <summary>One sheet per device or per series; null for one sheet (split only at Excel's row limit).</summary>
        public WorksheetGrouping? SheetPer { get; set; }

        /// <summary>Adds a line chart of each sheet's measure columns, on a chart sheet after the data.</summary>
        public bool Chart { get; set; }

        /// <summary>The chart's title; null for the sheet's title or name.</summary>
        public string? ChartTitle { get; set; }

        /// <summary>The zone the timestamps are shown in, named in their header ("Timestamp (Europe/Paris)"); null for none.</summary>
        public string? ZoneLabel { get; set; }

        /// <summary>How many rows of a sheet are read before its columns' widths are set (SpreadCheetah needs them first).</summary>
        public int RowsMeasured { get; set; } = 100;

        /// <summary>
        /// Why these options cannot make a workbook of this layout: an error id and a message naming the parameters; null when they can.
        /// </summary>
        /// <param name="pivot">-Pivot: a column per series, one sheet.</param>
        public (string ErrorId, string Message)? Conflict(bool pivot)
        {
            if (pivot && SheetPer.HasValue)
                return ("SheetPerWithPivot", $"-SheetPer {SheetPer} cannot be used with -Pivot: a pivot has a column per series on one sheet. Leave out -SheetPer, or -Pivot for the long layout (a row per point) with a sheet per {SheetPer.Value.ToString().ToLowerInvariant()}.");
            if (Chart && !pivot && SheetPer != WorksheetGrouping.Series)
                return ("ChartNeedsSeriesColumns", "-Chart draws a line per column of values: add -Pivot (a column per series), or -SheetPer Series (a sheet and a chart per series).");
            return null;
        }

        /// <summary>
        /// How many points a chart would hold at most, when the step is fixed (Minute to Week); null when it cannot be known
        /// before the rows come (Raw, Month, Year). One bucket more than the range divides into, for a range not on the step.
        /// </summary>
        public static long? ExpectedChartPoints(DateTimeOffset from, DateTimeOffset to, Granularity granularity, int series)
        {
            TimeSpan step;
            switch (granularity)
            {
                case Granularity.Minute: step = TimeSpan.FromMinutes(1); break;
                case Granularity.Hour: step = TimeSpan.FromHours(1); break;
                case Granularity.Day: step = TimeSpan.FromDays(1); break;
                case Granularity.Week: step = TimeSpan.FromDays(7); break;
                default: return null;
            }
            long buckets = (long)Math.Ceiling((to - from).Ticks / (double)step.Ticks) + 1;
            return buckets * Math.Max(1, series);
        }
    }

    /// <summary>A chart would hold more points than <see cref="WorkbookOptions.MaxChartPoints"/>.</summary>
    public sealed class ChartTooLargeException : InvalidOperationException
    {
        public ChartTooLargeException(string sheet, long points)
            : base("-Chart: the chart of sheet '" + sheet + "' would draw " + points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " points, more than the " +
                WorkbookOptions.MaxChartPoints.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " a readable Excel chart holds. " +
                "Give a coarser -Granularity (Hour, Day...) with an -Aggregation, or a shorter range, or leave out -Chart.")
        {
            Points = points;
        }

        public long Points { get; }
    }
}
