using SoData.Client;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>
/// The workbook writer with the module's real workbook (SpreadCheetah, loaded in isolation as in the module), read
/// back with the Open XML SDK: cell types, the zone of the times, the sheet split, frozen header and filter.
/// </summary>
[Collection(nameof(XlsxTableWriterTests))] // RowsPerSheet is one static setting
public sealed class XlsxTableWriterTests : IDisposable
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private static DataPoint Point(int minute, double? value) => new()
    {
        Timestamp = May1.AddMinutes(minute), Value = value, DeviceUuid = "3f1c6a52-0000-0000-0000-000000000001", DeviceName = "Delphys, \"north\"",
        Title = "Load", Unit = "%", ItemType = "Global", ItemIndex = 0, ServiceId = 140100, StreamRef = "Global|0|140100",
        Granularity = Granularity.Raw, CorporateAccountUuid = "ca",
    };

    private string WriteLong(string name, TimeZoneInfo? zone, int points)
    {
        string path = Path.Combine(_folder, name);
        using (var file = File.Create(path))
        using (var writer = new XlsxTableWriter(WorkbookSinks.Create(file), zone, "Datapoints"))
        {
            writer.WriteHeader(DatapointTable.Columns);
            var cells = new TableCell[DatapointTable.Columns.Count];
            for (int i = 0; i < points; i++)
            {
                DatapointTable.Fill(Point(5 * i, i == 1 ? null : 40.5 + i), cells);
                writer.WriteRow(cells);
            }
            writer.Complete();
        }
        return path;
    }

    [Fact]
    public void TheLongLayoutHasTheCsvColumnsWithNumbersDatesAndTextTyped()
    {
        TimeZoneInfo paris = DatapointsTimeZones.Find("Europe/Paris")!;
        ReadSheet sheet = Assert.Single(WorkbookReader.Read(WriteLong("long.xlsx", paris, 3)));

        Assert.Equal("Datapoints", sheet.Name);
        Assert.Equal(4, sheet.Rows.Count);
        Assert.Equal(DatapointTable.Columns.Select(c => c.Name), sheet.Rows[0].Select(c => c.Text));
        Assert.All(sheet.Rows[0], c => Assert.Equal("Text", c.Kind));

        List<ReadCell> first = sheet.Rows[1];
        Assert.Equal("DateTime", first[0].Kind);
        Assert.Equal(new DateTime(2024, 5, 1, 2, 0, 0), first[0].Time!.Value); // 00:00 UTC is 02:00 in Paris in May
        Assert.Equal("Number", first[1].Kind);
        Assert.Equal(40.5, first[1].Number);
        Assert.Equal(("Text", "3f1c6a52-0000-0000-0000-000000000001"), (first[2].Kind, first[2].Text));
        Assert.Equal("Delphys, \"north\"", first[3].Text);
        Assert.Equal(("Number", 0.0), (first[7].Kind, first[7].Number!.Value)); // ItemIndex
        Assert.Equal(("Number", 140100.0), (first[8].Kind, first[8].Number!.Value)); // ServiceId
        Assert.Equal("Raw", first[10].Text);

        // A missing value is an empty cell, not 0 or text; the columns after it stay in place.
        List<ReadCell> second = sheet.Rows[2];
        Assert.Equal("Empty", second[1].Kind);
        Assert.Equal(("Text", "3f1c6a52-0000-0000-0000-000000000001"), (second[2].Kind, second[2].Text));

        Assert.Equal(1, sheet.FrozenRows);
        Assert.StartsWith("A1:M", sheet.AutoFilter);
        Assert.Equal(DatapointTable.Columns.Count, sheet.Widths.Count);
        Assert.All(sheet.Widths, w => Assert.InRange(w, 8, 60));
    }

    [Fact]
    public void WithoutAZoneTimesAreShownAsTheWallTimeTheyCarry()
    {
        string path = Path.Combine(_folder, "asis.xlsx");
        using (var file = File.Create(path))
        using (var writer = new XlsxTableWriter(WorkbookSinks.Create(file), null, "Datapoints"))
        {
            writer.WriteHeader([new TableColumn("Timestamp", CellKind.Time, 20)]);
            writer.WriteRow([TableCell.Of(new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(-4)))]);
            writer.Complete();
        }
        Assert.Equal(new DateTime(2024, 5, 1, 9, 30, 0), WorkbookReader.Read(path)[0].Rows[1][0].Time);
    }

    [Fact]
    public void AFullSheetGoesOnInANewSheetWithTheSameHeader()
    {
        int before = XlsxTableWriter.RowsPerSheet;
        XlsxTableWriter.RowsPerSheet = 4; // a header and 3 rows
        try
        {
            List<ReadSheet> sheets = WorkbookReader.Read(WriteLong("split.xlsx", TimeZoneInfo.Utc, 8));
            Assert.Equal(["Datapoints", "Datapoints (2)", "Datapoints (3)"], sheets.Select(s => s.Name));
            Assert.Equal([4, 4, 3], sheets.Select(s => s.Rows.Count));
            Assert.All(sheets, s => Assert.Equal("Timestamp", s.Rows[0][0].Text));
            Assert.All(sheets, s => Assert.Equal(1, s.FrozenRows));
            // Every point once, in order, across the sheets.
            List<DateTime> times = sheets.SelectMany(s => s.Rows.Skip(1)).Select(r => r[0].Time!.Value).ToList();
            Assert.Equal(Enumerable.Range(0, 8).Select(i => new DateTime(2024, 5, 1, 0, 5 * i, 0)), times);
        }
        finally { XlsxTableWriter.RowsPerSheet = before; }
    }

    [Fact]
    public void ThePivotIsADateTimeColumnThenANumberColumnPerSeries()
    {
        var load = new DatapointsSeries("ca", "d1", SeriesRef.Parse("Global|0|140100")) { DeviceName = "Ups", Title = "Load", Unit = "%" };
        var current = new DatapointsSeries("ca", "d1", SeriesRef.Parse("Unit|1|140108")) { DeviceName = "Ups", Title = "Current", Unit = "A" };
        TimeZoneInfo newYork = DatapointsTimeZones.Find("America/New_York")!;
        var pivot = new PivotTable([load, current], newYork);
        pivot.Add(new DataPoint { Timestamp = May1, Value = 40, CorporateAccountUuid = "ca", DeviceUuid = "d1", StreamRef = "Global|0|140100" });
        pivot.Add(new DataPoint { Timestamp = May1, Value = 7.25, CorporateAccountUuid = "ca", DeviceUuid = "d1", StreamRef = "Unit|1|140108" });
        pivot.Add(new DataPoint { Timestamp = May1.AddHours(1), Value = 41, CorporateAccountUuid = "ca", DeviceUuid = "d1", StreamRef = "Global|0|140100" });

        string path = Path.Combine(_folder, "pivot.xlsx");
        using (var file = File.Create(path))
        using (var writer = new XlsxTableWriter(WorkbookSinks.Create(file), newYork, "Datapoints"))
        {
            IReadOnlyList<TableColumn> columns = DatapointTable.PivotColumns(pivot);
            writer.WriteHeader(columns);
            var cells = new TableCell[columns.Count];
            foreach (PivotRow row in pivot.TakeRows())
            {
                DatapointTable.Fill(row, cells);
                writer.WriteRow(cells);
            }
            writer.Complete();
        }

        ReadSheet sheet = Assert.Single(WorkbookReader.Read(path));
        Assert.Equal(["Timestamp", "Ups Global|0|140100 (%)", "Ups Unit|1|140108 (A)"], sheet.Rows[0].Select(c => c.Text));
        Assert.Equal(3, sheet.Rows.Count);
        Assert.Equal(["DateTime", "Number", "Number"], sheet.Rows[1].Select(c => c.Kind));
        Assert.Equal(new DateTime(2024, 4, 30, 20, 0, 0), sheet.Rows[1][0].Time); // New York is UTC-4 in May
        Assert.Equal([40, 7.25], sheet.Rows[1].Skip(1).Select(c => c.Number!.Value));
        Assert.Equal(new DateTime(2024, 4, 30, 21, 0, 0), sheet.Rows[2][0].Time);
        Assert.Equal(41, sheet.Rows[2][1].Number);
        Assert.Equal("Empty", sheet.Rows[2][2].Kind); // no value for Current
    }
}
