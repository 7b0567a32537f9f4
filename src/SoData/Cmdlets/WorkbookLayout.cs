using System;
using System.Collections.Generic;
using System.Management.Automation;
using SoData.Client;
using SoData.Output;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Export-SoDataDatapoint's workbook parameters (-WorksheetName, -SheetPer, -Chart) as <see cref="WorkbookOptions"/>,
    /// and their checks, each an error before any request: with a CSV file, with a layout they cannot draw, or a chart
    /// of more points than <see cref="WorkbookOptions.MaxChartPoints"/>.
    /// </summary>
    internal static class WorkbookLayout
    {
        /// <param name="sheetPer">-SheetPer when given, else null (one sheet).</param>
        public static WorkbookOptions Options(string? worksheetName, WorksheetGrouping? sheetPer, bool chart, Granularity granularity, Aggregation aggregation) => new WorkbookOptions
        {
            WorksheetName = string.IsNullOrWhiteSpace(worksheetName) ? "Datapoints" : worksheetName!,
            SheetPer = sheetPer,
            Chart = chart,
            ChartTitle = granularity == Granularity.Raw ? null : $"{aggregation} per {granularity.ToString().ToLowerInvariant()}",
        };

        /// <summary>
        /// How the run sends its requests for this layout: with -Pivot every column must be known before the first row,
        /// and with -SheetPer every group before its sheet, so every request waits for the end (and -SheetPer's groups
        /// are read one after the other, so that a sheet's rows come together).
        /// </summary>
        public static void Plan(DatapointsRunOptions run, WorkbookOptions options, bool pivot)
        {
            run.HoldSeriesUntilEnd = pivot || options.SheetPer.HasValue;
            if (options.SheetPer is WorksheetGrouping grouping) run.Groups = series => SheetGroups.Plan(series, grouping);
        }

        /// <summary>Refuses a workbook parameter given for a CSV file, or a layout the workbook cannot draw.</summary>
        /// <param name="bound">The names of the parameters the user gave.</param>
        public static void Check(Cmdlet cmdlet, ExportFormat format, WorkbookOptions options, bool pivot, ICollection<string> bound)
        {
            if (format != ExportFormat.Xlsx)
            {
                foreach (string name in new[] { "WorksheetName", "SheetPer", "Chart" })
                {
                    if (bound.Contains(name))
                        cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("WorkbookParameterWithCsv",
                            $"-{name} applies to Excel workbooks only: name the file .xlsx (or give -Format Xlsx), or leave -{name} out of a CSV export.", name));
                }
                return;
            }
            if (options.Conflict(pivot) is (string errorId, string message))
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(errorId, message, options.SheetPer?.ToString() ?? "Chart"));
        }

        /// <summary>Refuses, before any request, a chart whose points can be counted ahead (a fixed step) and are too many.</summary>
        public static void CheckChartSize(Cmdlet cmdlet, WorkbookOptions options, DatapointsQuery query, int series)
        {
            if (!options.Chart) return;
            int perChart = options.SheetPer == WorksheetGrouping.Series ? 1 : series;
            long? points = WorkbookOptions.ExpectedChartPoints(query.From, query.To, query.Granularity, perChart);
            if (points > WorkbookOptions.MaxChartPoints)
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ChartTooLargeException(options.WorksheetName, points.Value), "ChartTooLarge", ErrorCategory.InvalidArgument, query.Granularity));
        }

        /// <summary>The zone the workbook's timestamps are in, for their header.</summary>
        public static string ZoneLabel(DatapointsQuery query, TimeZoneInfo? shown, bool pivot)
        {
            // A pivot's rows are in the zone its devices share (UTC when none is known); points, each at its device's.
            if (query.UseDeviceLocalTimezone) return pivot ? (shown != null ? DatapointsTimeZones.IanaId(shown.Id) : "UTC") : "device time";
            if (shown == null && pivot) return "UTC";
            return query.TimeZone;
        }
    }
}
