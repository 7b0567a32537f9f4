using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// What Get-/Export-SoDataDatapoint make of their input: -Series gets the Unit and Title of the device's variables
/// (listed once per device for the command), and an input that is not a variable is an error that says what to give.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class SeriesInputTests : IDisposable
{
    private const string Hour = "-From 2024-05-01 -To 2024-05-01T01:00:00 -Granularity Hour";
    private readonly Shell _shell;

    public SeriesInputTests(ModuleFixture module)
    {
        _shell = module.Connected();
        _shell.Get($"$ups = Get-SoDataDevice -CorporateAccount {SandboxFacts.CorporateAccount} -SerialNumber {SandboxFacts.DeviceSerialNumber}; " +
                   "$variables = @($ups | Get-SoDataVariable)");
    }

    [Theory]
    [InlineData("Get-SoDataDatapoint -Device $ups")]
    [InlineData("Get-SoDataDatapoint -DeviceUuid $ups.Uuid -CorporateAccountUuid $ups.CorporateAccountUuid")]
    public void Series_results_carry_the_unit_and_title_of_the_devices_variables_listed_once(string command)
    {
        string[] refs = [SandboxFacts.StreamRef, "Global|0|140108", "Unit|0|140108"];
        Outcome outcome = _shell.Run($"{command} -Series {string.Join(',', refs.Select(r => $"'{r}'"))} {Hour} -Verbose 4>&1");
        Assert.Empty(outcome.Errors);
        List<PSObject> points = outcome.Output.Where(o => o.BaseObject is not VerboseRecord).ToList();
        List<string> verbose = outcome.Output.Select(o => o.BaseObject).OfType<VerboseRecord>().Select(v => v.Message).ToList();

        Assert.Equal(3, points.Count);
        foreach (PSObject point in points)
        {
            PSObject variable = _shell.Get("$variables | Where-Object StreamRef -eq $ref", new Dictionary<string, object?> { ["ref"] = point.Properties["StreamRef"].Value })[0];
            Assert.Equal(variable.Properties["Unit"].Value, point.Properties["Unit"].Value);
            Assert.Equal(variable.Properties["Title"].Value, point.Properties["Title"].Value);
            Assert.False(string.IsNullOrEmpty((string)point.Properties["Title"].Value));
        }
        Assert.Single(verbose, v => v.StartsWith("GET ") && v.Contains("/variables"));
    }

    [Theory]
    [InlineData("$ups | Get-SoDataDatapoint -Range Yesterday", "the device 'Delphys GP2 - 160 kVA' is not a variable")]
    [InlineData("'hello' | Get-SoDataDatapoint", "'hello' (a string) is not a variable")]
    [InlineData("$ups | Export-SoDataDatapoint -Path $path -Range Yesterday", "the device 'Delphys GP2 - 160 kVA' is not a variable")]
    [InlineData("'hello' | Export-SoDataDatapoint -Path $path", "'hello' (a string) is not a variable")]
    public void An_input_that_is_not_a_variable_is_an_error_that_names_the_row_and_says_to_give_Series(string script, string says)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sodata-notaseries-{Guid.NewGuid():N}.csv");
        Outcome outcome = _shell.Run(script, new Dictionary<string, object?> { ["path"] = path });

        ErrorRecord error = outcome.Errors.First();
        Assert.Equal("InputNotAVariable", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        string message = error.ToString();
        Assert.StartsWith("Row 1 of the piped input: ", message);
        Assert.Contains(says, message);
        Assert.Contains("-Series", message);
        Assert.Contains("Get-SoDataVariable", message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void The_rows_after_one_that_is_not_a_variable_are_read_and_keep_their_position()
    {
        Outcome outcome = _shell.Run($"$ups, 'hello', ($variables | Where-Object StreamRef -eq '{SandboxFacts.StreamRef}') | Get-SoDataDatapoint {Hour}");

        Assert.Equal(["Row 1 of the piped input", "Row 2 of the piped input"], outcome.Errors.Select(e => e.ToString()[..24]));
        Assert.Single(outcome.Output);
        Assert.Equal(SandboxFacts.StreamRef, outcome.Output[0].Properties["StreamRef"].Value);
    }

    public void Dispose() => _shell.Dispose();
}
