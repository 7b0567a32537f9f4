using System.Globalization;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>The console layout of pivot rows: one header line, every column, at most 79 characters while columns can narrow.</summary>
public class PivotConsoleLayoutTests
{
    private static readonly DateTimeOffset At = new(2022, 5, 18, 1, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void ShortHeadersKeepTheirWidthAndValuesAlignUnderThem()
    {
        var layout = PivotConsoleLayout.For(["Load (%)", "Current (A)"]);

        Assert.Equal("Timestamp                   Load (%) Current (A)" + Environment.NewLine +
                     "---------                   -------- -----------", layout.Header);
        Assert.Equal("2022-05-18 01:00:00 +02:00  41.40833         7.5", layout.Row(At, [41.408333333333333, 7.5], CultureInfo.InvariantCulture));
        Assert.Equal("2022-05-18 01:00:00 +02:00  41,40833", layout.Row(At, [41.408333333333333, null], CultureInfo.GetCultureInfo("fr-FR")));
    }

    [Fact]
    public void LongHeadersAreNarrowedToFitAndKeepTheirStartAndEnd()
    {
        string a = "Delphys GP2 - 160 kVA Global|0|140100 (PERCENT)", b = "Delphys GP2 - 160 kVA Unit|0|140108 (AMPERE)";
        var layout = PivotConsoleLayout.For([a, b]);

        string[] header = layout.Header.Split(Environment.NewLine);
        Assert.All(header, line => Assert.True(line.Length <= PivotConsoleLayout.LineWidth, line));
        Assert.Equal(2, header[0].Split('\u2026').Length - 1); // both clipped
        Assert.Contains("Delphys", header[0]);
        Assert.Contains("(PERCENT)", header[0]);
        Assert.Contains("(AMPERE)", header[0]);
        Assert.True(layout.Row(At, [1.0, 2.0], CultureInfo.InvariantCulture).Length <= PivotConsoleLayout.LineWidth);
    }

    [Fact]
    public void ManyColumnsAreAllKeptAtTheirMinimumWidth()
    {
        var labels = Enumerable.Range(1, 10).Select(i => $"Series number {i} with a long name").ToList();
        var layout = PivotConsoleLayout.For(labels);

        string row = layout.Row(At, labels.Select((_, i) => (object?)(i + 0.5)).ToList(), CultureInfo.InvariantCulture);
        Assert.Equal(11, row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length - 2); // the timestamp is 3 words
        Assert.Equal(26 + 10 * 10, layout.Header.Split(Environment.NewLine)[0].Length);
    }
}
