using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>The report, at the end of a datapoints command, of the empty series typed with -Series that do not exist.</summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class MissingSeriesTests(DatapointsSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    private HashSet<string> Report(params DatapointsSeries[] empty) =>
        MissingSeries.Report(_cmdlet, new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session), uuid => $"corporate account 'SoLink' ({uuid})", empty);

    private DatapointsSeries On(string device, string series, bool listed = false) =>
        new(sandbox.Ca, device, SeriesRef.Parse(series)) { Listed = listed, DeviceName = device == sandbox.Delphys.Uuid ? sandbox.Delphys.Name : null };

    [Fact]
    public async Task A_mapping_config_the_device_lacks_is_VariableNotFound_naming_it_and_the_device()
    {
        DatapointsSeries typo = On(sandbox.Delphys.Uuid!, "Global|0|999999");
        DatapointsSeries exists = On(sandbox.Delphys.Uuid!, DatapointsSandbox.LoadRate);
        await sandbox.ResetStatsAsync();

        HashSet<string> missing = Report(typo, exists, On(sandbox.Delphys.Uuid!, "Unit|5|140108"));

        Assert.Equal(2, missing.Count);
        Assert.Contains(typo.Key, missing);
        Assert.DoesNotContain(exists.Key, missing);
        ErrorRecord error = _cmdlet.Recorded.Errors[0];
        Assert.Equal(("VariableNotFound", ErrorCategory.ObjectNotFound), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
        Assert.StartsWith($"No variable with -Series 'Global|0|999999' on device '{sandbox.Delphys.Name}' ({sandbox.Delphys.Uuid}): it has ", error.Exception.Message);
        Assert.Equal(1, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices/{device}/variables")); // one listing per device
    }

    [Fact]
    public void A_device_that_does_not_exist_is_one_DeviceNotFound_for_all_its_series()
    {
        HashSet<string> missing = Report(On(DatapointsSandbox.NoSuchDevice, DatapointsSandbox.LoadRate), On(DatapointsSandbox.NoSuchDevice, DatapointsSandbox.Frequency));

        Assert.Equal(2, missing.Count);
        ErrorRecord error = Assert.Single(_cmdlet.Recorded.Errors);
        Assert.Equal("DeviceNotFound", error.FullyQualifiedErrorId);
        Assert.StartsWith($"No device {DatapointsSandbox.NoSuchDevice} in corporate account 'SoLink' ({sandbox.Ca}):", error.Exception.Message);
    }

    [Fact]
    public async Task Series_the_API_listed_are_not_checked_and_cost_no_request()
    {
        await sandbox.ResetStatsAsync();

        HashSet<string> missing = Report(On(sandbox.Delphys.Uuid!, "Global|0|999999", listed: true));

        Assert.Empty(missing);
        Assert.Empty(_cmdlet.Recorded.Errors);
        Assert.Equal(0, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices/{device}/variables"));
    }
}
