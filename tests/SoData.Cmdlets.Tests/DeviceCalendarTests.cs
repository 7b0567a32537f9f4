using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// -UseDeviceLocalTimezone with a calendar range (-Range, or -From/-To without an offset) reads each device's own
/// calendar, whatever this computer's zone (run under TZ=UTC): the guide's UPS is in Europe/Paris.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class DeviceCalendarTests : IDisposable
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private readonly Shell _shell;

    public DeviceCalendarTests(ModuleFixture module)
    {
        _shell = module.Connected();
        _shell.Get($"$ups = Get-SoDataDevice -CorporateAccount {SandboxFacts.CorporateAccount} -SerialNumber {SandboxFacts.DeviceSerialNumber}; " +
                   $"$two = $ups | Get-SoDataVariable -StreamRef '{SandboxFacts.StreamRef}', 'Unit|0|140108'");
    }

    [Fact]
    public void Yesterday_by_day_is_one_row_per_series_at_the_devices_midnight_with_its_offset()
    {
        // Read around the query: should Paris's midnight pass in between, "yesterday" moves with it (once, at most).
        DateTime yesterday;
        List<PSObject> points;
        do
        {
            yesterday = ParisToday().AddDays(-1);
            points = _shell.Get("$two | Get-SoDataDatapoint -Range Yesterday -UseDeviceLocalTimezone -Granularity Day").ToList();
        }
        while (ParisToday().AddDays(-1) != yesterday);

        var midnight = new DateTimeOffset(yesterday, Paris.GetUtcOffset(yesterday));
        Assert.Equal(2, points.Count);
        Assert.All(points, p =>
        {
            var at = (DateTimeOffset)p.Properties["Timestamp"].Value;
            Assert.Equal(midnight, at);
            Assert.Equal(midnight.Offset, at.Offset);
        });
        Assert.Equal(new[] { SandboxFacts.StreamRef, "Unit|0|140108" }, points.Select(p => (string)p.Properties["StreamRef"].Value).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void From_and_To_without_an_offset_are_read_on_the_devices_calendar_by_Get_and_Export()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sodata-devicecalendar-{Guid.NewGuid():N}.csv");
        try
        {
            const string range = "-From 2024-05-01 -To 2024-05-02 -UseDeviceLocalTimezone -Granularity Hour";
            List<PSObject> points = _shell.Get($"$ups | Get-SoDataDatapoint -Series '{SandboxFacts.StreamRef}' {range}").ToList();
            _shell.Get($"$ups | Export-SoDataDatapoint -Series '{SandboxFacts.StreamRef}' -Path $path {range}", new Dictionary<string, object?> { ["path"] = path });

            var parisMay1 = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.FromHours(2));
            Assert.Equal(Enumerable.Range(0, 24).Select(h => parisMay1.AddHours(h)), points.Select(p => (DateTimeOffset)p.Properties["Timestamp"].Value));
            Assert.All(points, p => Assert.Equal(TimeSpan.FromHours(2), ((DateTimeOffset)p.Properties["Timestamp"].Value).Offset));
            string[] rows = File.ReadAllLines(path).Skip(1).ToArray();
            Assert.Equal(24, rows.Length);
            Assert.StartsWith("2024-05-01T00:00:00+02:00,", rows[0]);
            Assert.StartsWith("2024-05-01T23:00:00+02:00,", rows[23]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("$null", "gives no time zone")]
    [InlineData("'Mars/Olympus_Mons'", "'Mars/Olympus_Mons' is not one this computer knows")]
    public void A_device_without_a_zone_known_here_is_an_error_naming_it(string zone, string why)
    {
        // The device as the API would give it without a zone, or with one unknown here: the .NET property itself, under
        // the note properties PowerShell shows (which shadow it in a script).
        Outcome outcome = _shell.Run($"$ups.PSObject.BaseObject.GetType().GetProperty('TimeZone').SetValue($ups.PSObject.BaseObject, {zone}); " +
                                     $"Get-SoDataDatapoint -Device $ups -Series '{SandboxFacts.StreamRef}' -Range Yesterday -UseDeviceLocalTimezone -Granularity Day");

        ErrorRecord error = outcome.SingleError();
        Assert.Equal("DeviceTimeZoneUnknown", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("Delphys GP2 - 160 kVA", error.ToString());
        Assert.Contains(why, error.ToString());
        Assert.Contains("-TimeZone", error.ToString());
        Assert.Empty(outcome.Output);
    }

    private static DateTime ParisToday() => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).Date;

    public void Dispose() => _shell.Dispose();
}
