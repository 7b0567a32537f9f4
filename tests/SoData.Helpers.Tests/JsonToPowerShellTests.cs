using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary><see cref="JsonToPowerShell"/>: JSON to the objects Invoke-RestMethod gives, and PowerShell values to a JSON body.</summary>
public sealed class JsonToPowerShellTests
{
    [Fact]
    public void An_object_becomes_a_PSCustomObject_with_its_fields_in_order_and_arrays_become_arrays()
    {
        using JsonDocument json = JsonDocument.Parse("""{"name":"UPS","count":3,"ratio":0.5,"on":true,"none":null,"tags":["a",{"k":"v"}]}""");

        var result = Assert.IsType<PSObject>(JsonToPowerShell.ToPowerShell(json.RootElement));

        Assert.Equal(["name", "count", "ratio", "on", "none", "tags"], result.Properties.Select(p => p.Name));
        Assert.Equal("UPS", result.Properties["name"].Value);
        Assert.Equal(true, result.Properties["on"].Value);
        Assert.Null(result.Properties["none"].Value);
        var tags = Assert.IsType<object[]>(result.Properties["tags"].Value);
        Assert.Equal("a", tags[0]);
        Assert.Equal("v", Assert.IsType<PSObject>(tags[1]).Properties["k"].Value);
        Assert.Equal(3L, Convert.ToInt64(result.Properties["count"].Value));
    }

    [Fact]
    public void A_string_body_is_sent_as_it_is()
    {
        Assert.Equal("""{"raw": true}""", JsonToPowerShell.ToJson("""{"raw": true}"""));
        Assert.Equal("""{"raw": true}""", JsonToPowerShell.ToJson(new PSObject("""{"raw": true}""")));
    }

    [Fact]
    public void A_hashtable_and_a_PSCustomObject_become_JSON_objects_with_dates_in_ISO_8601_and_enums_by_name()
    {
        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("at", new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.FromHours(2))));
        custom.Properties.Add(new PSNoteProperty("kind", DayOfWeek.Monday));
        var body = new Hashtable { ["values"] = new object[] { 1, 2.5, "x", null! }, ["inner"] = custom };

        using JsonDocument json = JsonDocument.Parse(JsonToPowerShell.ToJson(body));

        JsonElement root = json.RootElement;
        Assert.Equal("[1,2.5,\"x\",null]", root.GetProperty("values").GetRawText());
        Assert.Equal("2024-05-01T00:00:00.0000000+02:00", root.GetProperty("inner").GetProperty("at").GetString());
        Assert.Equal("Monday", root.GetProperty("inner").GetProperty("kind").GetString());
    }
}
