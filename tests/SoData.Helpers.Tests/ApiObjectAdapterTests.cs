using System.Management.Automation;
using System.Text.Json;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="ApiObjectAdapter"/> as PowerShell uses it (a runspace with the module's type data): the order properties
/// are listed in, the aliases the next cmdlet binds to, the fields the module does not model, and setting values.
/// </summary>
public sealed class ApiObjectAdapterTests : IClassFixture<ApiObjectAdapterTests.Shell>
{
    public sealed class Shell : IDisposable
    {
        public TestRunspace Runspace { get; } = new();

        public void Dispose() => Runspace.Dispose();
    }

    private readonly TestRunspace _shell;

    public ApiObjectAdapterTests(Shell shell) => _shell = shell.Runspace;

    private static Device Device() => JsonSerializer.Deserialize<Device>(
        """{"uuid":"d1","name":"Delphys GP2","serialNumber":"1D1535004","custom":{"nomPowerKVA":160},"firmwareVersion":"2.1","frequencyStatus":5}""", Json.Options)!;

    [Fact]
    public void Typed_properties_come_first_then_free_form_ones_then_unmodelled_fields_then_aliases()
    {
        List<string> names = _shell.Run("$args[0].PSObject.Properties.Name", Device()).Output.Select(o => (string)o.BaseObject).ToList();

        int Index(string name) => names.IndexOf(name);
        Assert.Equal(0, Index("Uuid"));
        Assert.True(Index("SiteName") < Index("Custom"));
        Assert.True(Index("Tags") < Index("firmwareVersion"));
        Assert.Equal(["firmwareVersion", "DeviceUuid", "DeviceName"], names.Skip(Index("firmwareVersion")));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Aliases_and_unmodelled_fields_read_by_name_in_any_case()
    {
        var (output, errors) = _shell.Run("$d = $args[0]; $d.deviceuuid; $d.DEVICENAME; $d.FirmwareVersion; $d.Custom.nomPowerKVA", Device());
        Assert.Empty(errors);
        Assert.Equal(["d1", "Delphys GP2", "2.1", 160L], output.Select(o => o.BaseObject is int i ? (long)i : o.BaseObject));
    }

    [Fact]
    public void Setting_converts_to_the_propertys_type_and_an_alias_sets_its_target()
    {
        Device device = Device();
        var (_, errors) = _shell.Run("$d = $args[0]; $d.FrequencyStatus = '7'; $d.DeviceName = 'Renamed'; $d.firmwareversion = '3.0'", device);
        Assert.Empty(errors);
        Assert.Equal(7, device.FrequencyStatus);
        Assert.Equal("Renamed", device.Name);
        Assert.Equal("3.0", device.PlainAdditionalFields()["firmwareVersion"]);
    }

    [Fact]
    public void A_computed_property_cannot_be_set_and_says_why()
    {
        var value = new LastValue { ItemType = "Global", ItemIndex = 0, ServiceId = 140100 };
        var (output, _) = _shell.Run("$v = $args[0]; $v.StreamRef; try { $v.StreamRef = 'x'; 'set' } catch { $_.ToString() }", value);
        Assert.Equal("Global|0|140100", output[0].BaseObject);
        Assert.Contains("cannot be set: it is computed from the others", (string)output[1].BaseObject);
    }

    [Fact]
    public void An_alias_that_names_no_property_is_a_mistake_found_at_once()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ListedShape.Of(typeof(BadAlias)));
        Assert.Equal("BadAlias: the alias ThingUuid names no property Uid.", failure.Message);
    }

    [PropertyAlias("ThingUuid", "Uid")]
    private sealed class BadAlias : ApiObject
    {
        public string? Uuid { get; set; }
    }
}
