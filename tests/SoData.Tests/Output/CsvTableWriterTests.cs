using System.Globalization;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>The CSV writer: RFC 4180 quoting, and the same text whatever the current culture.</summary>
public class CsvTableWriterTests
{
    private static string Write(IReadOnlyList<TableColumn> columns, params TableCell[][] rows)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        using (var writer = new CsvTableWriter(text))
        {
            writer.WriteHeader(columns);
            foreach (TableCell[] row in rows) writer.WriteRow(row);
            writer.Complete();
            return text.ToString();
        }
    }

    private static readonly TableColumn[] OneText = { new("Name", CellKind.Text, 10) };

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("semi;colon", "semi;colon")]
    [InlineData("Delphys GP2 - 160 kVA Load (%)", "Delphys GP2 - 160 kVA Load (%)")]
    public void QuotesAFieldOnlyWhenItNeedsItDoublingItsQuotes(string field, string expected)
    {
        Assert.Equal(expected, CsvTableWriter.Quote(field));
        Assert.Equal("Name\r\n" + expected + "\r\n", Write(OneText, new[] { TableCell.Of(field) }));
    }

    [Fact]
    public void HeadersAreQuotedLikeFields()
    {
        Assert.Equal("Timestamp,\"Pump, north\"\r\n", Write(new TableColumn[] { new("Timestamp", CellKind.Time, 20), new("Pump, north", CellKind.Number, 12) }));
    }

    [Fact]
    public void NumbersAndTimesAreInvariantWhateverTheCurrentCulture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var columns = new TableColumn[] { new("T", CellKind.Time, 20), new("V", CellKind.Number, 12), new("I", CellKind.Number, 12), new("E", CellKind.Number, 12), new("S", CellKind.Text, 12) };
            string csv = Write(columns,
                new[] { TableCell.Of(new DateTimeOffset(2024, 5, 1, 2, 0, 0, TimeSpan.FromHours(2))), TableCell.Of(48.069), TableCell.Of(140100), TableCell.Of((double?)null), TableCell.Of("x") },
                new[] { TableCell.Of(new DateTimeOffset(2024, 5, 1, 0, 0, 0, 500, TimeSpan.Zero)), TableCell.Of(-1234567.25), TableCell.Of(0), TableCell.Empty, TableCell.Of("") });
            Assert.Equal("T,V,I,E,S\r\n2024-05-01T02:00:00+02:00,48.069,140100,,x\r\n2024-05-01T00:00:00.5+00:00,-1234567.25,0,,\r\n", csv);
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void ANumberReadsBackAsTheSameDouble()
    {
        foreach (double value in new[] { 0.1 + 0.2, 1e-300, double.MaxValue, 123456789.123456789 })
            Assert.Equal(value, double.Parse(CsvTableWriter.Number(value), CultureInfo.InvariantCulture));
    }
}
