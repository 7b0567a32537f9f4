using System.Globalization;
using System.IO.Compression;
using SoData.Client;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>
/// The workbook writer with the module's real workbook (SpreadCheetah and the Open XML SDK, loaded in isolation as in the
/// module), read back with the Open XML SDK: cell types and number formats, the zone of the times, the Excel table, the
/// frozen header, fitted widths, sheets per group, the sheet split and the charts' references. Every workbook written
/// here passes the SDK's validator.
/// </summary>
[Collection(nameof(XlsxTableWriterTests))] // RowsPerSheet is one static setting
public sealed class XlsxTableWriterTests : IDisposable
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private static DataPoint Point(int minute, double? value, string device = "3f1c6a52-0000-0000-0000-000000000001", string deviceName = "Delphys, \"north\"",
        string streamRef = "Global|0|140100", string title = "Load", string unit = "%") => new()
    {
        Timestamp = May1.AddMinutes(minute), Value = value, DeviceUuid = device, DeviceName = deviceName,
        Title = title, Unit = unit, ItemType = "Global", ItemIndex = 0, ServiceId = 140100, StreamRef = streamRef,
        Granularity = Granularity.Raw, CorporateAccountUuid = "ca",
    };

    private string Write(string name, TimeZoneInfo? zone, WorkbookOptions options, IReadOnlyList<TableColumn> columns, IEnumerable<TableCell[]> rows)
    {
        string path = Path.Combine(_folder, name);
        using (var file = File.Create(path))
        using (var writer = new XlsxTableWriter(WorkbookSinks.Create(file), zone, options))
        {
            writer.WriteHeader(columns);
            foreach (TableCell[] row in rows) writer.WriteRow(row);
            writer.Complete();
        }
        Assert.Empty(WorkbookReader.Validate(path));
        return path;
    }

    private string WriteLong(string name, TimeZoneInfo? zone, IEnumerable<DataPoint> points, WorkbookOptions? options = null) =>
        Write(name, zone, options ?? new WorkbookOptions { ZoneLabel = zone?.Id }, DatapointTable.Columns, points.Select(p =>
        {
            var cells = new TableCell[DatapointTable.Columns.Count];
            DatapointTable.Fill(p, cells);
            return cells;
        }));

    private static IEnumerable<DataPoint> Points(int count) => Enumerable.Range(0, count).Select(i => Point(5 * i, i == 1 ? null : 40.5 + i));

    [Fact]
    public void TheLongLayoutIsATableOfTypedCellsWithTheUnitInTheValuesFormat()
    {
        TimeZoneInfo paris = DatapointsTimeZones.Find("Europe/Paris")!;
        ReadSheet sheet = Assert.Single(WorkbookReader.Read(WriteLong("long.xlsx", paris, Points(3), new WorkbookOptions { ZoneLabel = "Europe/Paris" })));

        Assert.Equal("Datapoints", sheet.Name);
        Assert.Equal(4, sheet.Rows.Count);
        string[] header = ["Timestamp (Europe/Paris)", .. DatapointTable.Columns.Skip(1).Select(c => c.Name)];
        Assert.Equal(header, sheet.Rows[0].Select(c => c.Text));
        Assert.All(sheet.Rows[0], c => Assert.Equal("Text", c.Kind));

        // An Excel table over the header and every row, with a style and filter buttons; the header stays in view.
        Assert.NotNull(sheet.Table);
        Assert.Equal("A1:M4", sheet.Table!.Range);
        Assert.True(sheet.Table.AutoFilter);
        Assert.Equal("TableStyleMedium2", sheet.Table.Style);
        Assert.Equal(header, sheet.Table.Columns);
        Assert.Null(sheet.AutoFilter); // the table's own filter, not a sheet-wide one (Excel refuses both)
        Assert.Equal(1, sheet.FrozenRows);

        List<ReadCell> first = sheet.Rows[1];
        Assert.Equal("DateTime", first[0].Kind);
        Assert.Equal("yyyy\\-mm\\-dd\\ hh:mm:ss", first[0].Format); // yyyy-mm-dd hh:mm:ss, the same in every locale
        Assert.Equal(new DateTime(2024, 5, 1, 2, 0, 0), first[0].Time!.Value); // 00:00 UTC is 02:00 in Paris in May
        Assert.Equal("Number", first[1].Kind);
        Assert.Equal(40.5, first[1].Number);
        Assert.Equal("General\" %\"", first[1].Format); // shown "40.5 %", still a number
        Assert.Equal(("Text", "3f1c6a52-0000-0000-0000-000000000001"), (first[2].Kind, first[2].Text));
        Assert.Equal("Delphys, \"north\"", first[3].Text);
        Assert.Equal(("Number", 0.0), (first[7].Kind, first[7].Number!.Value)); // ItemIndex
        Assert.Equal(("Number", 140100.0), (first[8].Kind, first[8].Number!.Value)); // ServiceId
        Assert.Null(first[8].Format);
        Assert.Equal("Raw", first[10].Text);

        // A missing value is an empty cell, not 0 or text; the columns after it stay in place.
        List<ReadCell> second = sheet.Rows[2];
        Assert.Equal("Empty", second[1].Kind);
        Assert.Equal(("Text", "3f1c6a52-0000-0000-0000-000000000001"), (second[2].Kind, second[2].Text));
    }

    [Fact]
    public void ColumnsAreAsWideAsTheFirstRowsNeed()
    {
        string longName = new string('x', 45);
        var points = new List<DataPoint> { Point(0, 1), Point(5, 123456.789, deviceName: longName) };
        points.AddRange(Enumerable.Range(2, 10).Select(i => Point(5 * i, 2, deviceName: new string('y', 58)))); // after the rows measured
        ReadSheet sheet = WorkbookReader.Read(WriteLong("widths.xlsx", null, points, new WorkbookOptions { RowsMeasured = 2 }))[0];

        List<double> widths = sheet.Widths;
        Assert.Equal(DatapointTable.Columns.Count, widths.Count);
        Assert.All(widths, w => Assert.InRange(w, ColumnWidths.Min, ColumnWidths.Max));
        Assert.InRange(widths[0], 19, 24); // yyyy-mm-dd hh:mm:ss
        Assert.InRange(widths[1], "123456.789 %".Length, 16); // the number and its unit
        Assert.InRange(widths[2], 36, 40); // a uuid
        Assert.InRange(widths[3], 45, 48); // the longest name of the rows measured, not the later ones
        Assert.InRange(widths[5], "Unit".Length + 3, 10); // the header and its filter button
    }

    [Fact]
    public void WithoutAZoneTimesAreShownAsTheWallTimeTheyCarry()
    {
        string path = Write("asis.xlsx", null, new WorkbookOptions(), [new TableColumn("Timestamp", CellKind.Time, 20)],
            [[TableCell.Of(new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(-4)))]]);
        ReadSheet sheet = WorkbookReader.Read(path)[0];
        Assert.Equal("Timestamp", sheet.Rows[0][0].Text); // no zone to name
        Assert.Equal(new DateTime(2024, 5, 1, 9, 30, 0), sheet.Rows[1][0].Time);
    }

    [Fact]
    public void WithoutRowsTheSheetIsStillATable()
    {
        string path = WriteLong("empty.xlsx", TimeZoneInfo.Utc, []);
        ReadSheet sheet = Assert.Single(WorkbookReader.Read(path));
        Assert.Equal("Timestamp (UTC)", sheet.Rows[0][0].Text);
        Assert.NotNull(sheet.Table);
    }

    [Fact]
    public void AFullSheetGoesOnInANewSheetWithTheSameHeader()
    {
        int before = XlsxTableWriter.RowsPerSheet;
        XlsxTableWriter.RowsPerSheet = 4; // a header and 3 rows
        try
        {
            List<ReadSheet> sheets = WorkbookReader.Read(WriteLong("split.xlsx", TimeZoneInfo.Utc, Points(8), new WorkbookOptions { WorksheetName = "Report", ZoneLabel = "UTC" }));
            Assert.Equal(["Report", "Report (2)", "Report (3)"], sheets.Select(s => s.Name));
            Assert.Equal([4, 4, 3], sheets.Select(s => s.Rows.Count));
            Assert.Equal(["A1:M4", "A1:M4", "A1:M3"], sheets.Select(s => s.Table!.Range));
            Assert.Equal(3, sheets.Select(s => s.Table!.Name).Distinct().Count());
            Assert.All(sheets, s => Assert.Equal("Timestamp (UTC)", s.Rows[0][0].Text));
            Assert.All(sheets, s => Assert.Equal(1, s.FrozenRows));
            // Every point once, in order, across the sheets.
            List<DateTime> times = sheets.SelectMany(s => s.Rows.Skip(1)).Select(r => r[0].Time!.Value).ToList();
            Assert.Equal(Enumerable.Range(0, 8).Select(i => new DateTime(2024, 5, 1, 0, 5 * i, 0)), times);
        }
        finally { XlsxTableWriter.RowsPerSheet = before; }
    }

    private static IEnumerable<DataPoint> ThreeDevices(string third = "Main UPS")
    {
        foreach ((string uuid, string name) in new[] { ("d1", "Main UPS"), ("d2", "Feeder: north/south [B]"), ("d3", third) })
        {
            for (int i = 0; i < 3; i++) yield return Point(60 * i, i, uuid, name, "Global|0|140100", "Load", "%");
            for (int i = 0; i < 2; i++) yield return Point(60 * i, 230 + i, uuid, name, "Unit|1|140108", "Voltage", "V");
        }
    }

    [Fact]
    public void ASheetPerDeviceHoldsThatDevicesRowsUnderItsFullName()
    {
        string path = WriteLong("devices.xlsx", TimeZoneInfo.Utc, ThreeDevices(), new WorkbookOptions { SheetPer = WorksheetGrouping.Device, ZoneLabel = "UTC" });
        List<ReadSheet> sheets = WorkbookReader.Read(path);

        // Valid, unique names (the third device has the first one's name); the full name is the title row above the table.
        Assert.Equal(["Main UPS", "Feeder_ north_south _B_", "Main UPS (2)"], sheets.Select(s => s.Name));
        Assert.Equal(["Main UPS (d1)", "Feeder: north/south [B] (d2)", "Main UPS (d3)"], sheets.Select(s => s.Rows[0][0].Text));
        foreach ((ReadSheet sheet, string uuid) in sheets.Zip(["d1", "d2", "d3"]))
        {
            Assert.Equal(2, sheet.FrozenRows); // the title and the table's header
            Assert.Equal("A2:M7", sheet.Table!.Range);
            Assert.Equal("Timestamp (UTC)", sheet.Rows[1][0].Text);
            List<List<ReadCell>> rows = sheet.Rows.Skip(2).ToList();
            Assert.Equal(5, rows.Count);
            Assert.All(rows, r => Assert.Equal(uuid, r[2].Text));
        }
        // Each sheet's values carry their own units.
        Assert.Equal(["General\" %\"", "General\" %\"", "General\" %\"", "General\" V\"", "General\" V\""], sheets[0].Rows.Skip(2).Select(r => r[1].Format));
    }

    [Fact]
    public void ASheetPerSeriesHasOneSeriesAndLongNamesAreCut()
    {
        string device = "A device with a name much longer than Excel allows";
        IEnumerable<DataPoint> points = ThreeDevices().Where(p => p.DeviceUuid == "d1")
            .Select(p => { p.DeviceName = device; return p; });
        List<ReadSheet> sheets = WorkbookReader.Read(WriteLong("series.xlsx", TimeZoneInfo.Utc, points, new WorkbookOptions { SheetPer = WorksheetGrouping.Series }));

        Assert.Equal(2, sheets.Count);
        Assert.All(sheets, s => Assert.Equal(SheetNames.MaxLength, s.Name.Length));
        Assert.Equal(device.Substring(0, 31), sheets[0].Name);
        Assert.Equal(device.Substring(0, 27) + " (2)", sheets[1].Name);
        Assert.Equal(device + " (d1) / Load (%) [Global|0|140100]", sheets[0].Rows[0][0].Text);
        Assert.Equal(device + " (d1) / Voltage (V) [Unit|1|140108]", sheets[1].Rows[0][0].Text);
        Assert.Equal([3, 2], sheets.Select(s => s.Rows.Count - 2));
    }

    [Fact]
    public void AGroupWhoseRowsComeBackAfterAnotherIsAnError()
    {
        var points = new[] { Point(0, 1, "d1"), Point(0, 1, "d2"), Point(5, 1, "d1") };
        var error = Assert.Throws<InvalidOperationException>(() =>
            WriteLong("mixed.xlsx", null, points, new WorkbookOptions { SheetPer = WorksheetGrouping.Device }));
        Assert.Contains("together", error.Message);
    }

    private static (IReadOnlyList<TableColumn> Columns, List<TableCell[]> Rows) HourlyPivot(int hours, TimeZoneInfo zone, params (string Title, string Unit)[] series)
    {
        var list = series.Select((s, i) => new DatapointsSeries("ca", "d1", SeriesRef.Parse($"Global|0|{140100 + i}")) { DeviceName = "Ups", Title = s.Title, Unit = s.Unit }).ToList();
        var pivot = new PivotTable(list, zone);
        for (int h = 0; h < hours; h++)
            for (int i = 0; i < list.Count; i++)
                if (!(h == 3 && i == 1)) // one missing value
                    pivot.Add(new DataPoint { Timestamp = May1.AddHours(h), Value = 10 * i + h / 4.0, CorporateAccountUuid = "ca", DeviceUuid = "d1", StreamRef = list[i].Ref.ToString() });
        IReadOnlyList<TableColumn> columns = DatapointTable.PivotColumns(pivot);
        var rows = pivot.TakeRows().Select(r =>
        {
            var cells = new TableCell[columns.Count];
            DatapointTable.Fill(r, cells);
            return cells;
        }).ToList();
        return (columns, rows);
    }

    [Fact]
    public void ThePivotIsADateTimeColumnThenANumberColumnPerSeriesWithItsUnit()
    {
        TimeZoneInfo newYork = DatapointsTimeZones.Find("America/New_York")!;
        var (columns, rows) = HourlyPivot(2, newYork, ("Load", "%"), ("Current", "A"));
        ReadSheet sheet = Assert.Single(WorkbookReader.Read(Write("pivot.xlsx", newYork, new WorkbookOptions { ZoneLabel = "America/New_York" }, columns, rows)));

        Assert.Equal(["Timestamp (America/New_York)", "Ups Global|0|140100 (%)", "Ups Global|0|140101 (A)"], sheet.Rows[0].Select(c => c.Text)); // the default -PivotHeader
        Assert.Equal("A1:C3", sheet.Table!.Range);
        Assert.Equal(3, sheet.Rows.Count);
        Assert.Equal(["DateTime", "Number", "Number"], sheet.Rows[1].Select(c => c.Kind));
        Assert.Equal(new DateTime(2024, 4, 30, 20, 0, 0), sheet.Rows[1][0].Time); // New York is UTC-4 in May
        Assert.Equal([0, 10], sheet.Rows[1].Skip(1).Select(c => c.Number!.Value));
        Assert.Equal(["General\" %\"", "General\" A\""], sheet.Rows[1].Skip(1).Select(c => c.Format));
        Assert.Equal(new DateTime(2024, 4, 30, 21, 0, 0), sheet.Rows[2][0].Time);
    }

    [Fact]
    public void AChartOfThePivotDrawsEachColumnFromTheSheetsCells()
    {
        TimeZoneInfo paris = DatapointsTimeZones.Find("Europe/Paris")!;
        var (columns, rows) = HourlyPivot(24, paris, ("Active power", "kW"), ("Reactive power", "kW"), ("Apparent power", "kW"));
        var options = new WorkbookOptions { WorksheetName = "Daily report", Chart = true, ChartTitle = "Avg per hour", ZoneLabel = "Europe/Paris" };
        string path = Write("chart.xlsx", paris, options, columns, rows);

        Assert.Equal(["Daily report", "Daily report chart"], WorkbookReader.SheetNames(path));
        ReadSheet sheet = Assert.Single(WorkbookReader.Read(path));
        Assert.Equal("A1:D25", sheet.Table!.Range); // 24 rows
        Assert.Equal("Empty", sheet.Rows[4][2].Kind); // the missing value: a gap in the line

        ReadChart chart = Assert.Single(WorkbookReader.Charts(path));
        Assert.Equal(("Daily report chart", "Line", "Avg per hour"), (chart.SheetName, chart.Kind, chart.Title));
        Assert.Equal("kW", chart.ValueAxisTitle);
        Assert.Equal("Category", chart.CategoryAxisKind);
        Assert.Equal(
        [
            new ReadSeries("'Daily report'!$B$1", "'Daily report'!$A$2:$A$25", "'Daily report'!$B$2:$B$25"),
            new ReadSeries("'Daily report'!$C$1", "'Daily report'!$A$2:$A$25", "'Daily report'!$C$2:$C$25"),
            new ReadSeries("'Daily report'!$D$1", "'Daily report'!$A$2:$A$25", "'Daily report'!$D$2:$D$25"),
        ], chart.Series);
    }

    [Fact]
    public void SeriesOfDifferentUnitsLeaveTheValueAxisUntitled()
    {
        var (columns, rows) = HourlyPivot(3, TimeZoneInfo.Utc, ("Load", "%"), ("Current", "A"));
        string path = Write("units.xlsx", TimeZoneInfo.Utc, new WorkbookOptions { Chart = true }, columns, rows);
        ReadChart chart = Assert.Single(WorkbookReader.Charts(path));
        Assert.Null(chart.ValueAxisTitle);
        Assert.Equal("Datapoints", chart.Title);
    }

    [Fact]
    public void AChartPerSeriesSheetDrawsItsValuesBelowTheTitleRow()
    {
        string path = WriteLong("series-charts.xlsx", TimeZoneInfo.Utc, ThreeDevices().Where(p => p.DeviceUuid == "d1"),
            new WorkbookOptions { SheetPer = WorksheetGrouping.Series, Chart = true, ChartTitle = "Avg per hour" });

        Assert.Equal(["Main UPS Load", "Main UPS Voltage", "Main UPS Load chart", "Main UPS Voltage chart"], WorkbookReader.SheetNames(path));
        List<ReadChart> charts = WorkbookReader.Charts(path);
        Assert.Equal(["%", "V"], charts.Select(c => c.ValueAxisTitle));
        Assert.Equal("Main UPS (d1) / Load (%) [Global|0|140100]: Avg per hour", charts[0].Title);
        Assert.Equal(new ReadSeries("'Main UPS Load'!$B$2", "'Main UPS Load'!$A$3:$A$5", "'Main UPS Load'!$B$3:$B$5"), Assert.Single(charts[0].Series));
        Assert.Equal(new ReadSeries("'Main UPS Voltage'!$B$2", "'Main UPS Voltage'!$A$3:$A$4", "'Main UPS Voltage'!$B$3:$B$4"), Assert.Single(charts[1].Series));
    }

    [Fact]
    public void AChartOfTooManyPointsIsRefusedAndSuggestsAGranularity()
    {
        var column = new TableColumn("Value", CellKind.Number, 10) { IsMeasure = true };
        string path = Path.Combine(_folder, "big.xlsx");
        using var file = File.Create(path);
        using var writer = new XlsxTableWriter(WorkbookSinks.Create(file), null, new WorkbookOptions { Chart = true });
        writer.WriteHeader([new TableColumn("Timestamp", CellKind.Time, 20), column]);
        for (int i = 0; i <= WorkbookOptions.MaxChartPoints; i++) writer.WriteRow([TableCell.Of(May1.AddSeconds(i)), TableCell.Of(i)]);
        var error = Assert.Throws<ChartTooLargeException>(writer.Complete);
        Assert.Equal(WorkbookOptions.MaxChartPoints + 1, error.Points);
        Assert.Contains("-Granularity", error.Message);
    }

    [Fact]
    public void AFrenchOrGermanCultureWritesTheSameWorkbook()
    {
        var (columns, rows) = HourlyPivot(24, TimeZoneInfo.Utc, ("Active power", "kW"), ("Load", "%"));
        var options = new WorkbookOptions { Chart = true, ChartTitle = "Avg per hour", ZoneLabel = "UTC" };
        CultureInfo before = CultureInfo.CurrentCulture;
        var parts = new List<Dictionary<string, string>>();
        try
        {
            foreach (string culture in new[] { "en-US", "fr-FR", "de-DE" })
            {
                CultureInfo.CurrentCulture = new CultureInfo(culture);
                parts.Add(Parts(Write($"culture-{culture}.xlsx", TimeZoneInfo.Utc, options, columns, rows)));
            }
        }
        finally { CultureInfo.CurrentCulture = before; }
        foreach (Dictionary<string, string> other in parts.Skip(1))
        {
            Assert.Equal(parts[0].Keys.Order(), other.Keys.Order());
            foreach (string part in parts[0].Keys.Where(p => p != "docProps/core.xml")) // core.xml: the time it was created
                Assert.Equal(parts[0][part], other[part]);
        }
        Assert.Contains("<v>0.25</v>", string.Concat(parts[0].Values), StringComparison.Ordinal); // the cells' values were compared, with a point
    }

    /// <summary>Every part of the zip and its text (the zip's own entry dates differ from run to run).</summary>
    private static Dictionary<string, string> Parts(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }
}
