using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using SoData.Output;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>Export's workbook parameters as options, how the run sends its requests for them, and their checks before any request.</summary>
public sealed class WorkbookLayoutTests
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    private static DatapointsSeries On(string device) => new("ca", device, SeriesRef.Parse("Global|0|140100"));

    [Fact]
    public void The_options_have_a_default_sheet_name_and_a_chart_title_for_aggregates()
    {
        WorkbookOptions raw = WorkbookLayout.Options(" ", null, false, Granularity.Raw, Aggregation.Avg);
        WorkbookOptions hourly = WorkbookLayout.Options("Load", WorksheetGrouping.Device, true, Granularity.Hour, Aggregation.Max);

        Assert.Equal(("Datapoints", null, false, null), (raw.WorksheetName, raw.SheetPer, raw.Chart, raw.ChartTitle));
        Assert.Equal(("Load", WorksheetGrouping.Device, true, "Max per hour"), (hourly.WorksheetName, hourly.SheetPer, hourly.Chart, hourly.ChartTitle));
    }

    [Fact]
    public void A_pivot_or_a_sheet_per_group_holds_every_request_until_the_end_and_groups_are_read_one_after_the_other()
    {
        var plain = new DatapointsRunOptions();
        WorkbookLayout.Plan(plain, WorkbookLayout.Options(null, null, false, Granularity.Raw, Aggregation.Avg), pivot: false);
        Assert.False(plain.HoldSeriesUntilEnd);
        Assert.Null(plain.Groups);

        var pivot = new DatapointsRunOptions();
        WorkbookLayout.Plan(pivot, WorkbookLayout.Options(null, null, false, Granularity.Raw, Aggregation.Avg), pivot: true);
        Assert.True(pivot.HoldSeriesUntilEnd);
        Assert.Null(pivot.Groups);

        var perDevice = new DatapointsRunOptions();
        WorkbookLayout.Plan(perDevice, WorkbookLayout.Options(null, WorksheetGrouping.Device, false, Granularity.Raw, Aggregation.Avg), pivot: false);
        Assert.True(perDevice.HoldSeriesUntilEnd);
        var groups = perDevice.Groups!([On("a"), On("b"), new DatapointsSeries("ca", "a", SeriesRef.Parse("Global|0|140108"))]).ToList();
        Assert.Equal([2, 1], groups.Select(g => g.Count));
    }

    [Theory]
    [InlineData("WorksheetName")]
    [InlineData("SheetPer")]
    [InlineData("Chart")]
    public void A_workbook_parameter_given_for_a_CSV_file_is_refused_naming_it(string parameter)
    {
        var ended = Assert.Throws<CommandTerminatedException>(() =>
            WorkbookLayout.Check(_cmdlet, ExportFormat.Csv, new WorkbookOptions(), pivot: false, new List<string> { "Path", parameter }));

        Assert.Equal("WorkbookParameterWithCsv", ended.ErrorRecord.FullyQualifiedErrorId);
        Assert.StartsWith($"-{parameter} applies to Excel workbooks only", ended.ErrorRecord.Exception.Message);
    }

    [Fact]
    public void A_layout_the_workbook_cannot_draw_is_refused_and_one_it_can_passes()
    {
        WorkbookOptions sheetPerDevice = WorkbookLayout.Options(null, WorksheetGrouping.Device, false, Granularity.Raw, Aggregation.Avg);
        var ended = Assert.Throws<CommandTerminatedException>(() => WorkbookLayout.Check(_cmdlet, ExportFormat.Xlsx, sheetPerDevice, pivot: true, ["SheetPer", "Pivot"]));
        Assert.Equal("SheetPerWithPivot", ended.ErrorRecord.FullyQualifiedErrorId);

        WorkbookLayout.Check(_cmdlet, ExportFormat.Xlsx, sheetPerDevice, pivot: false, ["SheetPer"]);
        WorkbookLayout.Check(_cmdlet, ExportFormat.Csv, new WorkbookOptions(), pivot: true, ["Pivot"]);
    }

    [Fact]
    public void A_chart_of_too_many_points_is_refused_before_any_request_and_one_that_fits_or_cannot_be_counted_passes()
    {
        WorkbookOptions chart = WorkbookLayout.Options(null, null, true, Granularity.Minute, Aggregation.Avg);
        var year = new DatapointsQuery { From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Granularity = Granularity.Minute };

        var ended = Assert.Throws<CommandTerminatedException>(() => WorkbookLayout.CheckChartSize(_cmdlet, chart, year, 2));
        Assert.Equal(("ChartTooLarge", ErrorCategory.InvalidArgument), (ended.ErrorRecord.FullyQualifiedErrorId, ended.ErrorRecord.CategoryInfo.Category));

        year.Granularity = Granularity.Day;
        WorkbookLayout.CheckChartSize(_cmdlet, chart, year, 2);
        year.Granularity = Granularity.Raw;
        WorkbookLayout.CheckChartSize(_cmdlet, chart, year, 2);
    }

    [Theory]
    [InlineData(false, "Europe/Paris", false, "Europe/Paris")]
    [InlineData(false, "Mars/Olympus_Mons", true, "UTC")]
    [InlineData(true, "UTC", false, "device time")]
    [InlineData(true, "UTC", true, "UTC")]
    public void The_timestamps_header_says_their_zone(bool deviceZones, string zone, bool pivot, string label)
    {
        var query = new DatapointsQuery { TimeZone = zone, UseDeviceLocalTimezone = deviceZones };
        Assert.Equal(label, WorkbookLayout.ZoneLabel(query, DatapointsTimeZones.Find(zone) is { } known && !deviceZones ? known : null, pivot));
    }
}
