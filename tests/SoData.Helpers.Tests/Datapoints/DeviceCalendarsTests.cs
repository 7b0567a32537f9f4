using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>-UseDeviceLocalTimezone on a calendar: series grouped by their device's zone, a query per zone with the range read in it.</summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class DeviceCalendarsTests(DatapointsSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());
    private static readonly DatapointsQuery Asked = new()
    {
        From = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero),
        Granularity = Granularity.Hour,
        Aggregation = Aggregation.Max,
        UseDeviceLocalTimezone = true,
        BatchSize = 9,
    };

    /// <summary>May 1st, midnight to midnight, on the zone's own calendar.</summary>
    private static (DateTimeOffset, DateTimeOffset) May1In(TimeZoneInfo zone) =>
        (DatapointsTime.ToInstant(new DateTime(2024, 5, 1), zone), DatapointsTime.ToInstant(new DateTime(2024, 5, 2), zone));

    private DeviceCalendars Calendars(DeviceFacts facts) => new(_cmdlet, facts, May1In);

    private DatapointsSeries Series(string device, string? name = null) => new(sandbox.Ca, device, SeriesRef.Parse(DatapointsSandbox.LoadRate)) { DeviceName = name };

    [Fact]
    public void Series_are_grouped_by_their_devices_zone_each_read_on_that_zones_calendar()
    {
        var facts = new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session);
        facts.Note(sandbox.Ca, new Device { Uuid = "tokyo-1", TimeZone = "Asia/Tokyo" });
        facts.Note(sandbox.Ca, new Device { Uuid = "tokyo-2", TimeZone = "Asia/Tokyo" });
        facts.Note(sandbox.Ca, new Device { Uuid = "paris", TimeZone = "Europe/Paris" });
        DeviceCalendars calendars = Calendars(facts);

        var groups = calendars.Group(Asked, [Series("tokyo-1"), Series("paris"), Series("tokyo-2")]);

        Assert.Equal(["Asia/Tokyo: tokyo-1 tokyo-2", "Europe/Paris: paris"], groups.Select(g => $"{g.Query.TimeZone}: {string.Join(" ", g.Series.Select(s => s.DeviceUuid))}"));
        DatapointsQuery tokyo = groups[0].Query;
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.FromHours(9)), tokyo.From);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.FromHours(9)), tokyo.To);
        Assert.False(tokyo.UseDeviceLocalTimezone); // the zone is sent as the device's own
        Assert.Equal((Granularity.Hour, Aggregation.Max, 9), (tokyo.Granularity, tokyo.Aggregation, tokyo.BatchSize));
        Assert.Equal(2, calendars.Queries.Count);
        Assert.Same(tokyo, calendars.Group(Asked, [Series("tokyo-1")])[0].Query); // one query per zone for the whole command
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public void A_device_without_a_zone_known_here_is_one_error_naming_it_and_its_series_are_left_out()
    {
        var facts = new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session);
        facts.Note(sandbox.Ca, new Device { Uuid = "none", Name = "Old meter" });
        facts.Note(sandbox.Ca, new Device { Uuid = "mars", TimeZone = "Mars/Olympus_Mons" });

        var groups = Calendars(facts).Group(Asked, [Series("none"), Series("none", "Old meter"), Series("mars")]);

        Assert.Empty(groups);
        Assert.Equal(2, _cmdlet.Recorded.Errors.Count); // one per device, not per series
        ErrorRecord noZone = _cmdlet.Recorded.Errors[0];
        Assert.Equal("DeviceTimeZoneUnknown", noZone.FullyQualifiedErrorId);
        Assert.Contains("device 'Old meter' (none) cannot be read on its own calendar: the API gives no time zone for it", noZone.Exception.Message);
        Assert.Contains("its time zone 'Mars/Olympus_Mons' is not one this computer knows", _cmdlet.Recorded.Errors[1].Exception.Message);
    }

    [Fact]
    public void Devices_not_yet_known_are_listed_from_the_API()
    {
        var groups = Calendars(new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session)).Group(Asked, [Series(sandbox.Delphys.Uuid!)]);

        var (query, series) = Assert.Single(groups);
        Assert.Equal(DatapointsTimeZones.IanaId(sandbox.Delphys.TimeZone!), query.TimeZone);
        Assert.Single(series);
    }
}
