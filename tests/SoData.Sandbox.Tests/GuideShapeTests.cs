using System.Net;
using System.Text.Json;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

/// <summary>The default fleet holds the guide's objects, in the guide's JSON shapes (section 5).</summary>
public class GuideShapeTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static void HasFields(JsonElement obj, params string[] names)
    {
        foreach (var name in names)
            Assert.True(obj.TryGetProperty(name, out _), $"missing '{name}' in {obj}");
    }

    [Fact]
    public async Task CorporateAccount_SoLink_HasEveryGuideField()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var page = await api.GetOkAsync("api/v1/ca?take=50&skip=0");
        var soLink = page.GetProperty("results")[0];

        Assert.Equal("SoLink", soLink.GetProperty("name").GetString());
        Assert.Equal(50, page.GetProperty("take").GetInt32());
        HasFields(soLink, "defaultCustomerUuid", "uuid", "name", "activationType", "emailTo", "emailCc", "canPublish",
            "autoTemplateSynchro", "isMultiCustomerAccount", "active", "movingAuthorization", "iconUuid", "userLinks", "isMaster");
        Assert.Equal("", soLink.GetProperty("defaultCustomerUuid").GetString());
        Assert.Equal(JsonValueKind.Null, soLink.GetProperty("emailTo").ValueKind);
        HasFields(soLink.GetProperty("userLinks")[0], "uuid", "status", "isSupport", "corporateAccountId", "userId");
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", soLink.GetProperty("uuid").GetString());
    }

    [Fact]
    public async Task Customer_FR_Socomec_WithDetailsLevelAll()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);

        var all = (await api.GetOkAsync($"api/v1/ca/{ca}/customers?take=50&skip=0&detailsLevel=ALL")).GetProperty("results")[0];
        Assert.Equal("FR_Socomec", all.GetProperty("name").GetString());
        Assert.Equal(ca, all.GetProperty("corporateAccountUuid").GetString());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("reference").ValueKind);
        Assert.Equal("Benfeld", all.GetProperty("companyAddress").GetProperty("city").GetString());
        HasFields(all.GetProperty("contact"), "uuid", "useParent", "name", "phone", "mobile", "email", "emailCC");
        Assert.Equal(2, all.GetProperty("sitesQuantity").GetInt32());

        var brief = (await api.GetOkAsync($"api/v1/ca/{ca}/customers")).GetProperty("results")[0];
        Assert.False(brief.TryGetProperty("companyAddress", out _));
        Assert.Equal(all.GetProperty("uuid").GetString(), brief.GetProperty("uuid").GetString());
    }

    [Fact]
    public async Task Sites_FilteredByCustomer_StartWithBenfeld()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);
        var customer = (await api.GetOkAsync($"api/v1/ca/{ca}/customers")).GetProperty("results")[0].GetProperty("uuid").GetString();

        var sites = await api.GetOkAsync($"api/v1/ca/{ca}/sites?take=50&skip=0&customerUuid={customer}");
        var benfeld = sites.GetProperty("results")[0];

        Assert.Equal(2, sites.GetProperty("total").GetInt32());
        Assert.Equal("(FR) Benfeld CDS", benfeld.GetProperty("name").GetString());
        Assert.Equal("Europe/Paris", benfeld.GetProperty("timeZone").GetString());
        Assert.Equal(customer, benfeld.GetProperty("customerUuid").GetString());
        Assert.Equal(JsonValueKind.Object, benfeld.GetProperty("configurationOptions").ValueKind);
        Assert.Equal(3, benfeld.GetProperty("devicesQuantity").GetInt32());

        var (status, error) = await api.GetAsync($"api/v1/ca/{ca}/sites?customerUuid=00000000-0000-4000-8000-000000000000");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Customer", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Device_1D15350041_HasSiteUuidGatewayAndNoCaUuid()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);
        var customer = (await api.GetOkAsync($"api/v1/ca/{ca}/customers")).GetProperty("results")[0].GetProperty("uuid").GetString();
        var site = (await api.GetOkAsync($"api/v1/ca/{ca}/sites?customerUuid={customer}")).GetProperty("results")[0].GetProperty("uuid").GetString();

        var devices = await api.GetOkAsync($"api/v1/ca/{ca}/devices?take=50&skip=0&siteUuid={site}&withContact=true&withAddress=true");
        var delphys = devices.GetProperty("results").EnumerateArray().Single(d => d.GetProperty("serialNumber").GetString() == "1D15350041");

        Assert.Equal("Delphys GP2 - 160 kVA", delphys.GetProperty("name").GetString());
        Assert.Equal(site, delphys.GetProperty("siteUuid").GetString());
        Assert.False(delphys.TryGetProperty("corporateAccountUuid", out _));
        HasFields(delphys, "uuid", "emailTo", "emailCc", "technicalName", "mappingMode", "acquisitionId", "description",
            "serialNumber", "custom", "configurationOptions", "frequencyStatus", "frequencyStream", "status", "creationType",
            "connectionStatus", "visibility", "longitude", "latitude", "deviceTypeUuid", "deviceTypeReferenceId", "manufacturer",
            "location", "contractNumber", "modelName", "profileIsUpToDate", "createNoCommunicationAlarm", "noCommunicationPeriod",
            "tags", "locked", "additionalInformation", "gatewayId", "configurationKey", "storageName", "netId", "movingAuthorization",
            "siteUuid", "gatewayUuid", "iconUuid", "contact", "address", "name", "timeZone", "createdAt", "owned");
        Assert.Equal(JsonValueKind.String, delphys.GetProperty("custom").GetProperty("socomec").GetProperty("nomPowerKVA").ValueKind);
        Assert.Equal(JsonValueKind.Number, delphys.GetProperty("longitude").ValueKind);
        Assert.True(DateTimeOffset.TryParse(delphys.GetProperty("createdAt").GetString(), out _));

        var gateway = devices.GetProperty("results").EnumerateArray().Single(d => d.GetProperty("uuid").GetString() == delphys.GetProperty("gatewayUuid").GetString());
        Assert.Equal(JsonValueKind.Null, gateway.GetProperty("gatewayUuid").ValueKind);

        var plain = await api.GetOkAsync($"api/v1/ca/{ca}/devices?siteUuid={site}");
        Assert.False(plain.GetProperty("results")[0].TryGetProperty("contact", out _));
        Assert.False(plain.GetProperty("results")[0].TryGetProperty("address", out _));
    }

    [Fact]
    public async Task ItemsVariablesAndLastValues_UseStringsForIndexesIdsAndValues()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);

        var items = (await api.GetOkAsync($"api/v1/ca/{ca}/devices/{device}/items")).GetProperty("results");
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("itemType").GetString() == "Global" && i.GetProperty("itemIndex").GetString() == "0");
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("itemType").GetString() == "Unit");

        var variables = await api.GetOkAsync($"api/v1/ca/{ca}/devices/{device}/variables");
        Assert.Equal(12, variables.GetProperty("total").GetInt32());
        var load = variables.GetProperty("results").EnumerateArray().Single(v => v.GetProperty("streamRef").GetString() == "Global|0|140100");
        Assert.Equal("0", load.GetProperty("itemIndex").GetString());
        Assert.Equal("140100", load.GetProperty("serviceId").GetString());
        Assert.Equal("PERCENT", load.GetProperty("unit").GetString());
        Assert.Equal("Measure", load.GetProperty("serviceType").GetString());
        Assert.Equal("IUpsOutput_Lr", load.GetProperty("serviceName").GetString());
        Assert.Equal("Ups output global load rate", load.GetProperty("serviceTranslations").GetProperty("en").GetProperty("title").GetString());
        Assert.Equal(device, load.GetProperty("deviceUuid").GetString());
        Assert.Contains(variables.GetProperty("results").EnumerateArray(), v => v.GetProperty("streamRef").GetString() == "Unit|1|140108");
        foreach (var v in variables.GetProperty("results").EnumerateArray())
        {
            Assert.Equal($"{v.GetProperty("itemType").GetString()}|{v.GetProperty("itemIndex").GetString()}|{v.GetProperty("serviceId").GetString()}",
                v.GetProperty("streamRef").GetString());
        }

        var last = await api.GetOkAsync($"api/v1/ca/{ca}/devices/{device}/last-values");
        var values = last.GetProperty("devices")[0].GetProperty("values");
        Assert.Equal(device, last.GetProperty("devices")[0].GetProperty("deviceUuid").GetString());
        Assert.Equal(12, values.GetArrayLength());
        var lastLoad = values.EnumerateArray().Single(v => v.GetProperty("serviceId").GetString() == "140100" && v.GetProperty("itemType").GetString() == "Global");
        Assert.Equal(JsonValueKind.String, lastLoad.GetProperty("value").ValueKind);
        Assert.InRange(double.Parse(lastLoad.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 0, 100);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", lastLoad.GetProperty("date").GetString());
        Assert.Equal("Delphys GP2 - 160 kVA", lastLoad.GetProperty("deviceName").GetString());
    }

    [Fact]
    public async Task DataAccessGroups_BelongToTheCa()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);

        var dags = await api.GetOkAsync($"api/v1/ca/{ca}/data-access-groups");

        Assert.True(dags.GetProperty("total").GetInt32() > 0);
        foreach (var dag in dags.GetProperty("results").EnumerateArray())
        {
            HasFields(dag, "uuid", "name", "description", "corporateAccountUuid", "customerUuids", "deviceUuids");
            Assert.Equal(ca, dag.GetProperty("corporateAccountUuid").GetString());
        }
    }

    [Fact]
    public async Task UnknownObjects_Are404WithTheKindInTheMessage()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);
        const string nobody = "00000000-0000-4000-8000-000000000000";

        var (status, json) = await api.GetAsync($"api/v1/ca/{ca}/devices/{nobody}/variables");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal("Not Found", json.GetProperty("error").GetString());
        Assert.Equal($"Device '{nobody}' not found", json.GetProperty("message").GetString());

        (status, json) = await api.GetAsync($"api/v1/ca/{nobody}/customers");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Corporate account", json.GetProperty("message").GetString());

        (status, json) = await api.GetAsync($"api/v1/ca/{ca}/devices?siteUuid={nobody}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Site", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SameSeed_SameUuids_OtherSeed_OtherUuids()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);

        // Seed 1 (the default) gives these uuids on every run and machine; demos and docs may quote them.
        Assert.Equal("3d2b8ffd-4485-4ae5-a5f1-830ed8fd529c", ca);
        Assert.Equal("c058bd6b-fcf9-4b20-97f1-a468762380a2", device);
        using (var other = SandboxServer.Start("--seed", "2"))
        using (var api3 = await Api.ConnectAsync(other))
        {
            var (ca3, device3) = await GuideObjects.DelphysAsyncPaged(api3);
            Assert.NotEqual(ca, ca3);
            Assert.NotEqual(device, device3);
        }
    }
}
