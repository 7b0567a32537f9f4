using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>A pivot with -UseDeviceLocalTimezone: its rows in the zone its devices share; devices in several zones refused, naming them.</summary>
[Collection(ZonedSandbox.Collection)]
public sealed class DevicePivotZoneTests(ZonedSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    private DeviceFacts Facts() => new(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session);

    private DatapointsSeries Series(Device device, string streamRef = "Global|0|140100") =>
        new(sandbox.Ca, device.Uuid!, SeriesRef.Parse(streamRef)) { DeviceName = device.Name };

    private static string Iana(TimeZoneInfo? zone) => zone == null ? "(none)" : DatapointsTimeZones.IanaId(zone.Id);

    [Fact]
    public async Task Devices_in_one_zone_give_that_zone_from_one_listing()
    {
        Device otherParis = sandbox.Devices.First(d => d.TimeZone == "Europe/Paris" && d.Uuid != sandbox.Paris.Uuid);
        await sandbox.ResetStatsAsync();

        TimeZoneInfo? zone = DevicePivotZone.Of(_cmdlet, Facts(), [Series(sandbox.Paris), Series(sandbox.Paris, "Unit|1|140108"), Series(otherParis)]);

        Assert.Equal("Europe/Paris", Iana(zone));
        Assert.Equal(TimeSpan.FromHours(2), zone!.GetUtcOffset(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, await sandbox.DeviceListingsAsync());
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public void A_device_without_a_zone_does_not_count_and_none_with_a_zone_gives_none()
    {
        DeviceFacts facts = Facts();
        facts.Note(sandbox.Ca, new Device { Uuid = "old-meter-uuid", Name = "Old meter" });
        DatapointsSeries oldMeter = new(sandbox.Ca, "old-meter-uuid", SeriesRef.Parse("Global|0|140100"));

        Assert.Equal("America/New_York", Iana(DevicePivotZone.Of(_cmdlet, facts, [oldMeter, Series(sandbox.NewYork)])));
        Assert.Null(DevicePivotZone.Of(_cmdlet, facts, [oldMeter]));
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public void Devices_in_several_zones_are_refused_naming_each_zone_and_its_devices()
    {
        Device otherParis = sandbox.Devices.First(d => d.TimeZone == "Europe/Paris" && d.Uuid != sandbox.Paris.Uuid);
        List<DatapointsSeries> series = [Series(sandbox.Paris), Series(sandbox.NewYork), Series(otherParis), Series(sandbox.London)];

        var ended = Assert.Throws<CommandTerminatedException>(() => DevicePivotZone.Of(_cmdlet, Facts(), series));

        ErrorRecord refused = ended.ErrorRecord;
        Assert.Equal(("PivotAcrossDeviceZones", ErrorCategory.InvalidArgument), (refused.FullyQualifiedErrorId, refused.CategoryInfo.Category));
        Assert.Equal(["Europe/Paris", "America/New_York", "Europe/London"], (string[])refused.TargetObject);
        string message = refused.Exception.Message;
        Assert.Contains("the devices are in 3 time zones (" +
            $"Europe/Paris: device '{sandbox.Paris.Name}' ({sandbox.Paris.Uuid}), device '{otherParis.Name}' ({otherParis.Uuid}); " +
            $"America/New_York: device '{sandbox.NewYork.Name}' ({sandbox.NewYork.Uuid}); " +
            $"Europe/London: device '{sandbox.London.Name}' ({sandbox.London.Uuid}))", message);
        Assert.Contains("-TimeZone Europe/Paris", message);
    }
}
