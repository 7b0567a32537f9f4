using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// Pivot rows at the console, their headers (-PivotHeader), and one timestamp format in every view whatever the
/// culture: what a user sees from Get-SoDataDatapoint -Pivot at an 80-column console.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class PivotViewTests : IDisposable
{
    private readonly Shell _shell;

    // Two series of the guide's UPS, with their device name, title and unit.
    private const string TwoSeries =
        $"$v = Get-SoDataDevice -CorporateAccount {SandboxFacts.CorporateAccount} -SerialNumber {SandboxFacts.DeviceSerialNumber} | Get-SoDataVariable -StreamRef '{SandboxFacts.StreamRef}', 'Unit|0|140108'";

    public PivotViewTests(ModuleFixture module)
    {
        _shell = module.Connected();
        _shell.Get(TwoSeries);
    }

    [Fact]
    public void Two_series_at_80_columns_are_a_table_with_a_one_line_header_and_every_value_column()
    {
        const string query = "$v | Get-SoDataDatapoint -From 2024-05-01 -To 2024-05-01T06:00:00 -Granularity Hour -TimeZone Europe/Paris -Pivot";
        List<PSObject> rows = _shell.Get(query).ToList();
        string[] lines = Lines(_shell.Render(query, 80));

        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} > 80: {l}"));
        int header = Array.FindIndex(lines, l => l.StartsWith("Timestamp "));
        Assert.True(header >= 0, string.Join("\n", lines));
        Assert.Single(lines, l => l.StartsWith("Timestamp ")); // one header, on one line
        Assert.Equal(3, lines[header + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length); // a rule under each of the 3 columns
        Assert.All(lines[header + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries), rule => Assert.Matches("^-+$", rule));
        string[] data = lines.Skip(header + 2).ToArray();
        Assert.Equal(rows.Count, data.Length);
        for (int i = 0; i < rows.Count; i++)
        {
            var props = rows[i].Properties.ToList();
            // The timestamp as ISO with its offset, then each value rounded to 7 digits: every column is there.
            string expected = $"{(DateTimeOffset)props[0].Value:yyyy-MM-dd HH:mm:ss zzz} {((double)props[1].Value).ToString("G7", CultureInfo.CurrentCulture)} {((double)props[2].Value).ToString("G7", CultureInfo.CurrentCulture)}";
            Assert.Equal(expected, string.Join(' ', data[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        // The objects keep every digit: the view rounds, the values do not.
        Assert.Contains(rows.SelectMany(r => r.Properties.Skip(1)).Select(p => (double)p.Value), v => v.ToString("R", CultureInfo.InvariantCulture).Length > v.ToString("G7", CultureInfo.InvariantCulture).Length);
    }

    [Fact]
    public void Headers_are_short_by_default_device_mapping_config_and_unit()
    {
        PSObject row = _shell.Get("$v | Get-SoDataDatapoint -From 2024-05-01 -To 2024-05-01T01:00:00 -Granularity Hour -Pivot")[0];

        Assert.Equal(["Timestamp", $"Delphys GP2 - 160 kVA {SandboxFacts.StreamRef} (PERCENT)", "Delphys GP2 - 160 kVA Unit|0|140108 (AMPERE)"],
            row.Properties.Select(p => p.Name));
        Assert.Equal("SoData.DatapointPivotRow", row.TypeNames[0]);
    }

    [Theory]
    [InlineData("Get-SoDataDatapoint -Pivot")]
    [InlineData("Export-SoDataDatapoint -Pivot -Path $path")]
    public void PivotHeader_names_the_columns_from_a_template(string command)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sodata-pivotheader-{Guid.NewGuid():N}.csv");
        try
        {
            var variables = new Dictionary<string, object?> { ["path"] = path };
            string script = $"$v | {command} -PivotHeader '{{DeviceName}} {{Title}} ({{Unit}})' -From 2024-05-01 -To 2024-05-01T01:00:00 -Granularity Hour";
            Collection<PSObject> output = _shell.Get(script, variables);
            string[] names = command.StartsWith("Get")
                ? output[0].Properties.Select(p => p.Name).ToArray()
                : File.ReadLines(path).First().Split(',').Select(h => h.Trim('"')).ToArray();

            Assert.Equal(["Timestamp", $"Delphys GP2 - 160 kVA {SandboxFacts.StreamRefTitle} (PERCENT)", "Delphys GP2 - 160 kVA Unit output current L3 (AMPERE)"], names);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_PivotHeader_that_names_no_field_of_a_series_is_refused_naming_the_fields()
    {
        Outcome outcome = _shell.Run("$v | Get-SoDataDatapoint -Pivot -PivotHeader '{Device} ({Unit})' -From 2024-05-01 -To 2024-05-01T01:00:00");

        ErrorRecord error = outcome.TerminatingError();
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("InvalidPivotHeader", error.FullyQualifiedErrorId);
        Assert.Contains("-PivotHeader", error.ToString());
        Assert.Contains("{Device}", error.ToString());
        Assert.Contains("{DeviceName}", error.ToString());
    }

    [Fact]
    public void Under_fr_FR_the_datapoint_and_pivot_views_show_the_same_ISO_timestamp()
    {
        // 2022-05-17 23:00 UTC is 2022-05-18 01:00 in Paris (summer time).
        const string query = "$v | Select-Object -First 1 | Get-SoDataDatapoint -From 2022-05-17T23:00:00Z -To 2022-05-18T00:00:00Z -Granularity Hour -TimeZone Europe/Paris";
        string points = _shell.Render($"[cultureinfo]::CurrentCulture = 'fr-FR'; {query}", 120);
        string pivot = _shell.Render($"[cultureinfo]::CurrentCulture = 'fr-FR'; {query} -Pivot", 120);

        Assert.Contains("2022-05-18 01:00:00 +02:00", points);
        Assert.Contains("2022-05-18 01:00:00 +02:00", pivot);
        Assert.DoesNotContain("18/05/2022", points + pivot);
        // Values in the culture's own notation, as the datapoint view shows them.
        PSObject point = _shell.Get(query)[0];
        Assert.Contains(((double)point.Properties["Value"].Value).ToString("G7", CultureInfo.GetCultureInfo("fr-FR")), pivot);
    }

    private static string[] Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();

    public void Dispose() => _shell.Dispose();
}
