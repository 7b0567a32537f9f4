using System.Globalization;
using System.Management.Automation;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>The console view of pivot rows: a header of the value columns and a line per row, from the row's own properties.</summary>
public sealed class PivotRowViewTests
{
    private static PSObject Row(DateTimeOffset at, params (string Name, object? Value)[] values)
    {
        var row = new PSObject();
        row.TypeNames.Insert(0, PivotRowView.TypeName);
        row.Properties.Add(new PSNoteProperty("Timestamp", at));
        foreach ((string name, object? value) in values) row.Properties.Add(new PSNoteProperty(name, new PSObject(value!)));
        return row;
    }

    [Fact]
    public void The_header_names_each_column_and_the_row_shows_the_time_and_rounded_values_under_them()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            PSObject row = Row(new DateTimeOffset(2024, 5, 1, 6, 0, 0, TimeSpan.FromHours(2)), ("UPS load (PERCENT)", 42.123456789), ("UPS freq (HERTZ)", 50.0));

            string[] header = PivotRowView.Header(row).Split(Environment.NewLine);
            string line = PivotRowView.Row(row);

            Assert.Equal(2, header.Length);
            Assert.StartsWith("Timestamp", header[0]);
            Assert.Contains("UPS load (PERCENT)", header[0]);
            Assert.StartsWith("---------", header[1]);
            Assert.StartsWith("2024-05-01 06:00:00 +02:00", line);
            Assert.Contains("42.12346", line); // 7 significant digits; the object keeps them all
            Assert.EndsWith("50", line);
            Assert.True(line.Length <= 79);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_missing_value_is_an_empty_cell()
    {
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("Timestamp", new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        row.Properties.Add(new PSNoteProperty("A", null));
        row.Properties.Add(new PSNoteProperty("B", 1.5));

        string line = PivotRowView.Row(row);

        Assert.StartsWith("2024-05-01 00:00:00 +00:00", line);
        Assert.EndsWith("1.5", line.TrimEnd());
        Assert.DoesNotContain("null", line, StringComparison.OrdinalIgnoreCase);
    }
}
