using SoData.Client;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>The one pivot of Get- and Export-SoDataDatapoint -Pivot.</summary>
public class PivotTableTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static DatapointsSeries S(string device, string reference, string? title = null) =>
        new("CA-1", device, SeriesRef.Parse(reference)) { DeviceName = "Ups", Title = title };

    private static DataPoint P(DatapointsSeries s, DateTimeOffset at, double? value) => new()
    {
        Timestamp = at, Value = value, CorporateAccountUuid = s.CorporateAccountUuid, DeviceUuid = s.DeviceUuid, StreamRef = s.Ref.ToString(),
    };

    [Fact]
    public void OneRowPerTimestampInTimeOrderWithAColumnPerSeries()
    {
        DatapointsSeries load = S("d1", "Global|0|140100", "Load"), current = S("d1", "Unit|1|140108", "Current");
        var pivot = new PivotTable([load, current], TimeZoneInfo.Utc);
        Assert.Equal(["Ups Global|0|140100", "Ups Unit|1|140108"], pivot.Labels);

        pivot.Add(P(current, May1.AddMinutes(5), 7));
        pivot.Add(P(load, May1.AddMinutes(5), 40));
        pivot.Add(P(load, May1, 41));
        // The same instant written with another offset is the same row.
        pivot.Add(P(current, May1.ToOffset(TimeSpan.FromHours(2)), 8));
        pivot.Add(P(load, May1.AddMinutes(10), null));

        List<PivotRow> rows = pivot.TakeRows();
        Assert.Equal([May1, May1.AddMinutes(5), May1.AddMinutes(10)], rows.Select(r => r.Timestamp));
        Assert.Equal([41, 8], rows[0].Values);
        Assert.Equal([40, 7], rows[1].Values);
        Assert.Equal([null, null], rows[2].Values);
        Assert.Empty(pivot.TakeRows()); // handed over once, so a window at a time is held
    }

    [Fact]
    public void SeriesAreMatchedByOneKeyRegardlessOfCaseAndUnknownOnesAreIgnored()
    {
        DatapointsSeries load = S("AbC-Device", "Global|0|140100");
        var pivot = new PivotTable([load], TimeZoneInfo.Utc);
        pivot.Add(new DataPoint { Timestamp = May1, Value = 1, CorporateAccountUuid = "ca-1", DeviceUuid = "abc-device", StreamRef = "GLOBAL|0|140100" });
        pivot.Add(new DataPoint { Timestamp = May1.AddMinutes(1), Value = 2, CorporateAccountUuid = "ca-1", DeviceUuid = "other", StreamRef = "Global|0|140100" });
        Assert.Equal(load.Key, DatapointsSeries.KeyOf(new DataPoint { CorporateAccountUuid = "ca-1", DeviceUuid = "abc-device", StreamRef = "GLOBAL|0|140100" }));
        PivotRow row = Assert.Single(pivot.TakeRows());
        Assert.Equal([1], row.Values);
    }

    [Fact]
    public void TimestampsAreInTheZoneOrUtcWithoutOne()
    {
        DatapointsSeries load = S("d1", "Global|0|140100");
        TimeZoneInfo paris = DatapointsTimeZones.Find("Europe/Paris")!;
        var inParis = new PivotTable([load], paris);
        inParis.Add(P(load, May1, 1));
        PivotRow row = Assert.Single(inParis.TakeRows());
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 2, 0, 0, TimeSpan.FromHours(2)), row.Timestamp);
        Assert.Equal(TimeSpan.FromHours(2), row.Timestamp.Offset);

        var unknown = new PivotTable([load], null);
        unknown.Add(P(load, May1.ToOffset(TimeSpan.FromHours(5)), 1));
        Assert.Equal(TimeSpan.Zero, Assert.Single(unknown.TakeRows()).Timestamp.Offset);
        Assert.False(unknown.HasZone);
    }

    [Fact]
    public void PivotColumnsAreATimestampThenANumberPerSeries()
    {
        var pivot = new PivotTable([S("d1", "Global|0|140100", "Load"), S("d1", "Unit|1|140108", "Current")], null);
        IReadOnlyList<TableColumn> columns = DatapointTable.PivotColumns(pivot);
        Assert.Equal(["Timestamp", "Ups Global|0|140100", "Ups Unit|1|140108"], columns.Select(c => c.Name));
        Assert.Equal([CellKind.Time, CellKind.Number, CellKind.Number], columns.Select(c => c.Kind));
    }
}
