using System.Collections;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Completers;

/// <summary>
/// <see cref="StreamRefCompleter"/> and <see cref="TimeZoneCompleter"/> on their own: -Series from the device(s) on the
/// command line (read from the sandbox), the well-known ones when no device is in sight, nothing when one is but its
/// mapping configs cannot be had; IANA and Windows zone ids. (Through PowerShell's completion engine, -Device $ups and
/// piped variables: SoData.Cmdlets.Tests' CompleterTests and NameCompletionTests.)
/// </summary>
public sealed class MeasurementCompletersTests(DefaultSandbox fixture) : IClassFixture<DefaultSandbox>
{
    private readonly SandboxSession _sandbox = fixture.Sandbox;

    private static readonly string[] WellKnown = ["'Global|0|140100'", "'Global|0|140108'"];

    private string SoLink => _sandbox.Accounts().Single(a => a.Name == "SoLink").Uuid!;

    /// <summary>SoLink's devices, with their account as Get-SoDataDevice sets it (a listing's items do not carry it).</summary>
    private List<Device> Devices
    {
        get
        {
            string ca = SoLink;
            List<Device> devices = _sandbox.Client.ListDevicesAsync(ca, null, 0, 100, CancellationToken.None).GetAwaiter().GetResult().Results;
            devices.ForEach(d => d.CorporateAccountUuid = ca);
            return devices;
        }
    }

    private List<Variable> VariablesOf(Device device) =>
        _sandbox.Client.ListAllVariablesAsync(device.CorporateAccountUuid!, device.Uuid!, 100, CancellationToken.None).GetAwaiter().GetResult();

    private static List<CompletionResult> Series(string line, string word, Hashtable bound) =>
        new StreamRefCompleter().CompleteArgument("Get-SoDataDatapoint", "Series", word, Tab.Command(line + word), bound).ToList();

    /// <summary>Tab pressed again while the mapping configs are read, until some are offered.</summary>
    private static List<CompletionResult> SeriesOnceRead(string line, string word, Hashtable bound) =>
        Tab.Until(() => Series(line, word, bound), r => r.Count > 0);

    [Fact]
    public void With_no_device_in_sight_the_well_known_series_are_offered_quoted()
    {
        Assert.Equal(WellKnown, Tab.Texts(Series("Get-SoDataDatapoint -Series ", "'Global|0|1401", Tab.Bound())));
        Assert.Equal(["'Global|0|140108'"], Tab.Texts(Series("Get-SoDataDatapoint -Series ", "global|0|140108", Tab.Bound())));
        // A -DeviceUuid that is no uuid is no device either.
        Assert.Equal(WellKnown, Tab.Texts(Series("Get-SoDataDatapoint -DeviceUuid x -Series ", "", Tab.Bound(("DeviceUuid", "x"), ("Session", _sandbox.Session)))));
    }

    [Fact]
    public void The_mapping_configs_of_the_DeviceUuid_given_are_offered_with_their_titles()
    {
        Device delphys = Devices.Single(d => d.SerialNumber == "1D15350041");
        List<Variable> variables = VariablesOf(delphys);
        Assert.Contains(variables, v => v.StreamRef == "Global|0|140100" && v.Title == "Ups output global load rate");

        List<CompletionResult> results = SeriesOnceRead($"Get-SoDataDatapoint -CorporateAccountUuid {SoLink} -DeviceUuid {delphys.Uuid} -Series ", "'Unit|",
            Tab.Bound(("Session", _sandbox.Session), ("CorporateAccountUuid", SoLink), ("DeviceUuid", delphys.Uuid)));

        string[] units = variables.Where(v => v.StreamRef!.StartsWith("Unit|", StringComparison.Ordinal)).Select(v => v.StreamRef!).ToArray();
        Assert.NotEmpty(units);
        Assert.Equal(units.Select(r => "'" + r + "'").Order(), Tab.Texts(results).Order());
        Assert.All(results, r => Assert.Equal(variables.Single(v => v.StreamRef == r.ListItemText).Title is { Length: > 0 } title ? title : r.ListItemText, r.ToolTip));
    }

    [Fact]
    public void The_account_of_a_bare_DeviceUuid_is_the_one_named_and_none_when_the_session_sees_several()
    {
        Device delphys = Devices.Single(d => d.SerialNumber == "1D15350041");
        string line = $"Get-SoDataDatapoint -DeviceUuid {delphys.Uuid} -Series ";

        List<CompletionResult> named = SeriesOnceRead(line, "Global|0|140100", Tab.Bound(("Session", _sandbox.Session), ("CorporateAccount", "SoLink"), ("DeviceUuid", delphys.Uuid)));
        Assert.Equal(["'Global|0|140100'"], Tab.Texts(named));
        Assert.Equal("Ups output global load rate", named[0].ToolTip);

        // Two accounts and none named: the device's account is not known, so nothing (and not the well-known ones).
        Assert.Empty(SeriesOnceRead(line, "", Tab.Bound(("Session", _sandbox.Session), ("DeviceUuid", delphys.Uuid))));
    }

    [Fact]
    public void Every_device_bound_to_Device_gives_its_mapping_configs_once_each()
    {
        List<Device> two = Devices.Take(2).ToList();
        string[] expected = two.SelectMany(VariablesOf).Select(v => "'" + v.StreamRef + "'").Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();

        List<CompletionResult> results = Tab.Until(() => Series("Get-SoDataDatapoint -Device $two -Series ", "", Tab.Bound(("Session", _sandbox.Session), ("Device", new PSObject(two.Select(d => new PSObject(d)).ToArray())))),
            r => r.Count >= expected.Length);

        Assert.Equal(expected, Tab.Texts(results).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_device_piped_from_a_command_is_not_run_to_complete_so_nothing_is_offered()
    {
        Assert.Empty(Series("Get-SoDataDevice -CorporateAccount SoLink | Get-SoDataDatapoint -Series ", "", Tab.Bound(("Session", _sandbox.Session))));
        Assert.Equal(WellKnown, Tab.Texts(Series("Get-SoDataDatapoint -Series ", "", Tab.Bound(("Session", _sandbox.Session)))));
    }

    [Fact]
    public void A_device_without_a_session_gives_nothing_and_nothing_throws()
    {
        Assert.Null(System.Management.Automation.Runspaces.Runspace.DefaultRunspace);
        string uuid = Guid.NewGuid().ToString();
        Assert.Empty(Series($"Get-SoDataDatapoint -DeviceUuid {uuid} -Series ", "", Tab.Bound(("DeviceUuid", uuid), ("CorporateAccountUuid", SoLink))));
    }

    [Fact]
    public void A_device_the_API_does_not_know_gives_nothing()
    {
        const string unknown = DatapointsSandbox.NoSuchDevice;
        var bound = Tab.Bound(("Session", _sandbox.Session), ("CorporateAccountUuid", SoLink), ("DeviceUuid", unknown));
        // Pressed a few times: the 404 arrives within one of them, and a failure is never offered as anything.
        for (int press = 0; press < 3; press++)
            Assert.Empty(Series($"Get-SoDataDatapoint -DeviceUuid {unknown} -Series ", "", bound));
    }

    [Theory]
    [InlineData("Europe/Pa", "Europe/Paris", "Europe/Paris")]
    [InlineData("paris", "Europe/Paris", "Europe/Paris")]
    [InlineData("Romance", "'Romance Standard Time'", "Romance Standard Time (sent as Europe/Paris)")]
    [InlineData("'W. Europe", "'W. Europe Standard Time'", "W. Europe Standard Time (sent as Europe/Berlin)")]
    [InlineData("Eastern Standard", "'Eastern Standard Time'", "Eastern Standard Time (sent as America/New_York)")]
    public void Time_zones_complete_by_any_part_IANA_and_Windows_ids_alike(string word, string offered, string tooltip)
    {
        var results = new TimeZoneCompleter().CompleteArgument("Get-SoDataDatapoint", "TimeZone", word, null!, Tab.Bound()).ToList();

        CompletionResult result = Assert.Single(results, r => r.CompletionText == offered);
        Assert.Equal(tooltip, result.ToolTip);
        Assert.All(results, r => Assert.Contains(word.Trim('\''), r.ListItemText, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Time_zones_start_with_the_common_ones_and_offer_each_id_once()
    {
        var all = Tab.Texts(new TimeZoneCompleter().CompleteArgument("Get-SoDataDatapoint", "TimeZone", "", null!, Tab.Bound()));

        Assert.Equal(["UTC", "Europe/Paris", "Europe/London"], all.Take(3));
        Assert.Equal(all.Count, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Pacific/Auckland", all);
        Assert.Empty(new TimeZoneCompleter().CompleteArgument("Get-SoDataDatapoint", "TimeZone", "No/Such_Zone", null!, Tab.Bound()));
    }
}
