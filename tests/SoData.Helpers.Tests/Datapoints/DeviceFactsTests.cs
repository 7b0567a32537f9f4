using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>What a datapoints command learns about its devices, each asked of the API once per command.</summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class DeviceFactsTests(DatapointsSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    private DeviceFacts Facts() => new(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session);

    [Fact]
    public async Task A_devices_variables_are_listed_once()
    {
        DeviceFacts facts = Facts();
        await sandbox.ResetStatsAsync();

        List<Variable> first = facts.VariablesOf(sandbox.Ca, sandbox.Delphys.Uuid!);
        List<Variable> again = facts.VariablesOf(sandbox.Ca, sandbox.Delphys.Uuid!);

        Assert.Same(first, again);
        Assert.Contains(first, v => v.StreamRef == DatapointsSandbox.LoadRate);
        Assert.Equal(1, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices/{device}/variables"));
    }

    [Fact]
    public async Task A_listing_that_fails_is_thrown_and_not_kept()
    {
        DeviceFacts facts = Facts();
        await sandbox.ResetStatsAsync();

        Assert.Equal(404, Assert.Throws<SoDataApiException>(() => facts.VariablesOf(sandbox.Ca, DatapointsSandbox.NoSuchDevice)).StatusCode);
        Assert.Throws<SoDataApiException>(() => facts.VariablesOf(sandbox.Ca, DatapointsSandbox.NoSuchDevice));
        Assert.Equal(2, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices/{device}/variables"));
    }

    [Fact]
    public async Task Zones_not_yet_known_are_found_in_one_listing_and_a_device_not_listed_has_none()
    {
        DeviceFacts facts = Facts();
        Device other = sandbox.Devices.First(d => d.Uuid != sandbox.Delphys.Uuid);
        facts.Note(sandbox.Ca, new Device { Uuid = other.Uuid, Name = "Noted", TimeZone = "Asia/Tokyo" });
        await sandbox.ResetStatsAsync();

        IReadOnlyDictionary<string, string?> zones = facts.ZonesOf(sandbox.Ca, [sandbox.Delphys.Uuid!, other.Uuid!, DatapointsSandbox.NoSuchDevice, sandbox.Delphys.Uuid!]);
        IReadOnlyDictionary<string, string?> again = facts.ZonesOf(sandbox.Ca, [sandbox.Delphys.Uuid!]);

        Assert.Equal(sandbox.Delphys.TimeZone, zones[sandbox.Delphys.Uuid!]);
        Assert.Equal("Asia/Tokyo", zones[other.Uuid!]); // as noted, not as listed
        Assert.Null(zones[DatapointsSandbox.NoSuchDevice]);
        Assert.Equal(sandbox.Delphys.TimeZone, again[sandbox.Delphys.Uuid!]);
        Assert.Equal(sandbox.Delphys.Name, facts.NameOf(sandbox.Ca, sandbox.Delphys.Uuid!));
        Assert.Equal(1, await sandbox.RequestsAsync("GET /api/v1/ca/{ca}/devices"));
        Assert.Contains(_cmdlet.Recorded.Verbose, v => v.StartsWith("Time zones of 2 device(s) listed:", StringComparison.Ordinal));
    }
}
