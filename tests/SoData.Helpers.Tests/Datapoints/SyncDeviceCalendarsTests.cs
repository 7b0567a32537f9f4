using System.Management.Automation;
using SoData.Archive;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>
/// Sync-SoDataDatapoint -UseDeviceLocalTimezone: each series on its device's calendar, as the API lists the device's
/// zone for a new series, as the archive's state keeps it for a known one; a device without a zone is an error naming it.
/// </summary>
[Collection(ZonedSandbox.Collection)]
public sealed class SyncDeviceCalendarsTests(ZonedSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());

    /// <summary>-From 2024-05-01 and -To 2024-05-03 as wall-clock times: read in each zone.</summary>
    private static (DateTimeOffset? From, DateTimeOffset To) May1To3In(TimeZoneInfo zone) =>
        (DatapointsTime.ToInstant(new DateTime(2024, 5, 1), zone), DatapointsTime.ToInstant(new DateTime(2024, 5, 3), zone));

    private DeviceFacts Facts() => new(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session);

    private SyncDeviceCalendars Calendars(DeviceFacts facts) => new(_cmdlet, facts, May1To3In);

    private DatapointsSeries Series(Device device, string streamRef = "Global|0|140100") =>
        new(sandbox.Ca, device.Uuid!, SeriesRef.Parse(streamRef)) { DeviceName = device.Name };

    private DatapointsSeries Series(string deviceUuid, string? name = null) =>
        new(sandbox.Ca, deviceUuid, SeriesRef.Parse("Global|0|140100")) { DeviceName = name };

    /// <summary>A state that knows <paramref name="series"/>, archived in <paramref name="zone"/>.</summary>
    private static ArchiveState StateKnowing(DatapointsSeries series, string? zone)
    {
        var state = new ArchiveState { Settings = new ArchiveSettings { UseDeviceLocalTimezone = true } };
        var known = new ArchiveSeriesState
        {
            CorporateAccountUuid = series.CorporateAccountUuid, DeviceUuid = series.DeviceUuid, StreamRef = series.Ref.ToString(),
            Bookmark = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), TimeZone = zone,
        };
        state.Series[known.Key] = known;
        return state;
    }

    [Fact]
    public async Task New_series_are_on_their_devices_zone_with_the_range_read_on_its_calendar_from_one_listing()
    {
        DatapointsSeries parisLoad = Series(sandbox.Paris), parisFrequency = Series(sandbox.Paris, "Unit|1|140108");
        DatapointsSeries london = Series(sandbox.London), newYork = Series(sandbox.NewYork);
        await sandbox.ResetStatsAsync();

        Dictionary<string, ArchiveCalendar> calendars = Calendars(Facts()).Of([parisLoad, london, newYork, parisFrequency], new ArchiveState());

        Assert.Equal(("Europe/Paris", "Europe/London", "America/New_York"),
            (calendars[parisLoad.Key].ZoneId, calendars[london.Key].ZoneId, calendars[newYork.Key].ZoneId));
        Assert.Same(calendars[parisLoad.Key], calendars[parisFrequency.Key]); // one calendar per zone
        ArchiveCalendar ny = calendars[newYork.Key];
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.FromHours(-4)), ny.NewSeriesFrom);
        Assert.Equal(TimeSpan.FromHours(-4), ny.NewSeriesFrom!.Value.Offset); // shown on its calendar, not in UTC
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.FromHours(2)), calendars[parisLoad.Key].To);
        Assert.Equal(TimeSpan.FromHours(2), calendars[parisLoad.Key].To.Offset);
        Assert.Equal(1, await sandbox.DeviceListingsAsync());
        Assert.Contains(_cmdlet.Recorded.Verbose, v => v.StartsWith("Devices in America/New_York: ", StringComparison.Ordinal) && v.Contains("-From 2024-05-01 00:00:00 -04:00"));
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public async Task A_series_the_archive_knows_keeps_the_zone_of_its_state_even_when_its_device_is_now_elsewhere()
    {
        DatapointsSeries paris = Series(sandbox.Paris);
        ArchiveState state = StateKnowing(paris, "Asia/Tokyo"); // first archived when the device was in Tokyo
        await sandbox.ResetStatsAsync();

        Dictionary<string, ArchiveCalendar> calendars = Calendars(Facts()).Of([paris], state);

        ArchiveCalendar kept = calendars[paris.Key];
        Assert.Equal("Asia/Tokyo", kept.ZoneId);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.FromHours(9)), kept.To);
        Assert.Equal(0, await sandbox.DeviceListingsAsync()); // the state says it all: the device's zone is not asked for
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public void A_known_series_with_no_zone_in_its_state_takes_its_devices_zone()
    {
        DatapointsSeries newYork = Series(sandbox.NewYork);

        Dictionary<string, ArchiveCalendar> calendars = Calendars(Facts()).Of([newYork], StateKnowing(newYork, null));

        Assert.Equal("America/New_York", calendars[newYork.Key].ZoneId);
    }

    [Fact]
    public void A_device_without_a_zone_is_one_error_naming_it_and_the_other_devices_still_get_their_calendars()
    {
        DeviceFacts facts = Facts();
        facts.Note(sandbox.Ca, new Device { Uuid = "old-meter-uuid", Name = "Old meter" });
        DatapointsSeries load = Series("old-meter-uuid"), frequency = new(sandbox.Ca, "old-meter-uuid", SeriesRef.Parse("Unit|1|140108"));
        DatapointsSeries unlisted = Series(ZonedSandbox.NoSuchDevice), london = Series(sandbox.London);

        Dictionary<string, ArchiveCalendar> calendars = Calendars(facts).Of([load, london, frequency, unlisted], new ArchiveState());

        Assert.Equal([london.Key], calendars.Keys);
        Assert.Equal("Europe/London", calendars[london.Key].ZoneId);
        Assert.Equal(2, _cmdlet.Recorded.Errors.Count); // one per device, not per series
        ErrorRecord noZone = _cmdlet.Recorded.Errors[0];
        Assert.Equal(("DeviceTimeZoneUnknown", ErrorCategory.InvalidData, (object)"old-meter-uuid"),
            (noZone.FullyQualifiedErrorId, noZone.CategoryInfo.Category, noZone.TargetObject));
        Assert.Contains("device 'Old meter' (old-meter-uuid) cannot be archived on its own calendar: the API gives no time zone for it", noZone.Exception.Message);
        Assert.Contains("were not synced", noZone.Exception.Message);
        ErrorRecord notListed = _cmdlet.Recorded.Errors[1];
        Assert.Equal(("DeviceTimeZoneUnknown", (object)ZonedSandbox.NoSuchDevice), (notListed.FullyQualifiedErrorId, notListed.TargetObject));
        Assert.Contains($"device {ZonedSandbox.NoSuchDevice} cannot be archived", notListed.Exception.Message);
    }

    [Fact]
    public void A_zone_this_computer_does_not_know_is_an_error_for_the_device_and_for_the_archived_series()
    {
        DeviceFacts facts = Facts();
        facts.Note(sandbox.Ca, new Device { Uuid = "mars-uuid", Name = "Rover", TimeZone = "Mars/Olympus_Mons" });
        DatapointsSeries rover = Series("mars-uuid", "Rover"), paris = Series(sandbox.Paris);

        Dictionary<string, ArchiveCalendar> calendars = Calendars(facts).Of([rover, paris], StateKnowing(paris, "Mars/Olympus_Mons"));

        Assert.Empty(calendars);
        Assert.Equal(["ArchivedTimeZoneUnknown", "DeviceTimeZoneUnknown"], _cmdlet.Recorded.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Contains("the archive keeps this series on the calendar of 'Mars/Olympus_Mons'", _cmdlet.Recorded.Errors[0].Exception.Message);
        Assert.Contains("device 'Rover' (mars-uuid) cannot be archived on its own calendar: its time zone 'Mars/Olympus_Mons' is not one this computer knows", _cmdlet.Recorded.Errors[1].Exception.Message);
    }
}
