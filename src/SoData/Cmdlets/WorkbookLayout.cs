using System;
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
        public static WorkbookOptions Options(ExportSoDataDatapointCommand cmdlet) => new WorkbookOptions
        {
            WorksheetName = string.IsNullOrWhiteSpace(cmdlet.WorksheetName) ? "Datapoints" : cmdlet.WorksheetName!,
            SheetPer = cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(ExportSoDataDatapointCommand.SheetPer)) ? cmdlet.SheetPer : (WorksheetGrouping?)null,
            Chart = cmdlet.Chart,
            ChartTitle = cmdlet.Granularity == Granularity.Raw ? null : $"{cmdlet.Aggregation} per {cmdlet.Granularity.ToString().ToLowerInvariant()}",
        };

        public static void Check(ExportSoDataDatapointCommand cmdlet, ExportFormat format, WorkbookOptions options)
        {
            if (format != ExportFormat.Xlsx)
            {
                foreach (string name in new[] { nameof(ExportSoDataDatapointCommand.WorksheetName), nameof(ExportSoDataDatapointCommand.SheetPer), nameof(ExportSoDataDatapointCommand.Chart) })
                {
                    if (cmdlet.MyInvocation.BoundParameters.ContainsKey(name))
                        cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("WorkbookParameterWithCsv",
                            $"-{name} applies to Excel workbooks only: name the file .xlsx (or give -Format Xlsx), or leave -{name} out of a CSV export.", name));
                }
                return;
            }
            if (options.Conflict(cmdlet.Pivot) is (string errorId, string message))
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(errorId, message, options.SheetPer?.ToString() ?? "Chart"));
        }

        /// <summary>Refuses, before any request, a chart whose points can be counted ahead (a fixed step) and are too many.</summary>
        public static void CheckChartSize(ExportSoDataDatapointCommand cmdlet, WorkbookOptions options, DatapointsQuery query, int series)
        {
            if (!options.Chart) return;
            int perChart = options.SheetPer == WorksheetGrouping.Series ? 1 : series;
            long? points = WorkbookOptions.ExpectedChartPoints(query.From, query.To, query.Granularity, perChart);
            if (points > WorkbookOptions.MaxChartPoints)
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ChartTooLargeException(options.WorksheetName, points.Value), "ChartTooLarge", ErrorCategory.InvalidArgument, cmdlet.Granularity));
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
