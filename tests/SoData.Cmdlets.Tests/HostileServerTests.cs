using System.Management.Automation;
using System.Text.Json;
using System.Text.RegularExpressions;
using SoData.Cmdlets.Tests.Support;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// The cmdlets against a sandbox that plays a hostile server (null lists, ignored skip, an HTML page, uuids that are not
/// route segments): each case ends after a bounded number of requests with an error in the right category naming the
/// route or the parameter, the next input and the next command still work, and the sandbox's request log shows that
/// no request left the intended routes.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class HostileServerTests(ModuleFixture module)
{
    private const string TokenRoute = "POST /realms/Socomec/protocol/openid-connect/token";

    /// <summary>Only the token endpoint, the account listing and routes under one account by a real uuid: nothing else may be asked.</summary>
    private static readonly Regex IntendedRoutes = new(
        @"^(POST /realms/Socomec/protocol/openid-connect/token|[A-Z]+ /api/v1/ca(\?[^/]*)?|[A-Z]+ /api/v1/ca/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(customers|sites|devices|data-access-groups|datapoints)(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(items|variables|last-values))?)?(\?[^/]*)?)$");

    private Shell ConnectedTo(SandboxServer sandbox)
    {
        Shell shell = module.NotConnected();
        var arguments = module.ConnectArguments();
        arguments["ApiUrl"] = sandbox.BaseUri;
        arguments["AuthUrl"] = sandbox.BaseUri;
        arguments["MaxRetries"] = 0;
        Outcome connected = shell.Invoke("Connect-SoData", arguments);
        Assert.Null(connected.Terminating);
        return shell;
    }

    private static async Task<string[]> RequestLogAsync(SandboxServer sandbox)
    {
        using var http = new HttpClient();
        using JsonDocument log = JsonDocument.Parse(await http.GetStringAsync(new Uri(sandbox.BaseUri, "_sandbox/requests")));
        return log.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetString()!).ToArray();
    }

    private static void AssertAllOnIntendedRoutes(string[] log)
    {
        Assert.NotEmpty(log);
        Assert.All(log, request => Assert.Matches(IntendedRoutes, request));
    }

    private static void AssertError(ErrorRecord record, string errorId, ErrorCategory category, params string[] mentions)
    {
        Assert.StartsWith(errorId + ",", record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        foreach (string text in mentions) Assert.Contains(text, record.ToString());
    }

    [Fact]
    public void NullLists_AreInvalidDataNamingTheRouteAndTheField_AndTheNextInputAndCommandStillWork()
    {
        using var sandbox = SandboxServer.Start("--null-lists", "true", "--hostile-path", "variables,datapoints,last-values");
        using Shell shell = ConnectedTo(sandbox);

        Outcome variables = shell.Run("Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 2 | Get-SoDataVariable");
        Assert.Null(variables.Terminating);
        Assert.Empty(variables.Output);
        Assert.Equal(2, variables.Errors.Count); // one per device: the second input ran after the first failed
        Assert.All(variables.Errors, e => AssertError(e, "ApiInvalidResponse", ErrorCategory.InvalidData, "/variables answered without its list: \"results\" is null or missing"));

        Outcome points = shell.Run($"Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 1 | Get-SoDataDatapoint -Series '{SandboxFacts.StreamRef}' -From '2024-05-01T00:00:00Z' -To '2024-05-01T01:00:00Z'");
        Assert.Empty(points.Output);
        AssertError(points.SingleError(), "ApiInvalidResponse", ErrorCategory.InvalidData, "/datapoints answered without a list it must hold: \"series\" is null or missing");

        Outcome values = shell.Run("Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 1 | Get-SoDataLastValue");
        Assert.Empty(values.Output);
        AssertError(values.SingleError(), "ApiInvalidResponse", ErrorCategory.InvalidData, "/last-values answered without a list it must hold: \"devices[0].values\"");

        Assert.Equal(3, shell.Get("Get-SoDataCustomer -CorporateAccount SoLink").Count);
    }

    [Fact]
    public async Task AServerThatIgnoresSkip_StopsTheListingAfterOneRepeatedPage()
    {
        using var sandbox = SandboxServer.Start("--ignore-skip", "true", "--max-take", "2", "--hostile-path", "customers");
        using Shell shell = ConnectedTo(sandbox);

        Outcome customers = shell.Run("Get-SoDataCustomer -CorporateAccount SoLink -PageSize 2");
        Assert.Equal(2, customers.Output.Count);
        AssertError(customers.SingleError(), "ApiInvalidResponse", ErrorCategory.InvalidData, "/customers answered, after 2 objects, a page of", "all read before");
        int asked = (await RequestLogAsync(sandbox)).Count(r => r.Contains("/customers"));
        Assert.InRange(asked, 2, 3);

        Assert.NotEmpty(shell.Get("Get-SoDataDevice -CorporateAccount SoLink"));
    }

    [Theory]
    [InlineData(200, "Sign in - Guest Wi-Fi")]
    [InlineData(502, "502 Bad Gateway")]
    public void AnHtmlPage_IsNamedWithItsTitle_AndTheNextCommandStillWorks(int status, string title)
    {
        using var sandbox = SandboxServer.Start("--html-page", status.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hostile-path", "devices");
        using Shell shell = ConnectedTo(sandbox);

        Outcome devices = shell.Run("Get-SoDataDevice -CorporateAccount SoLink");
        ErrorRecord error = devices.SingleError();
        Assert.Contains($"an HTML page (text/html, title '{title}') instead of JSON", error.ToString());
        Assert.Contains("GET api/v1/ca/", error.ToString());
        Assert.DoesNotContain("<form", error.ToString());
        Assert.DoesNotContain("invalid start of a value", error.ToString());
        Assert.Equal(status == 200 ? ErrorCategory.InvalidData : ErrorCategory.ConnectionError, error.CategoryInfo.Category);

        Assert.Equal(3, shell.Get("Get-SoDataCustomer -CorporateAccount SoLink").Count);
    }

    [Fact]
    public async Task AConnectionResetMidBody_IsAConnectionErrorNamingTheRoute_AndTheNextCommandStillWorks()
    {
        using var sandbox = SandboxServer.Start("--drop-rate", "1", "--fault-path", "devices");
        using Shell shell = ConnectedTo(sandbox); // -MaxRetries 0: one attempt

        Outcome devices = shell.Run("Get-SoDataDevice -CorporateAccount SoLink");
        Assert.Empty(devices.Output);
        ErrorRecord dropped = devices.SingleError();
        Assert.Equal(ErrorCategory.ConnectionError, dropped.CategoryInfo.Category);
        Assert.Contains("GET api/v1/ca/", dropped.ToString());
        Assert.Equal(1, (await RequestLogAsync(sandbox)).Count(r => r.Contains("/devices")));

        Assert.Equal(3, shell.Get("Get-SoDataCustomer -CorporateAccount SoLink").Count);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("%2e%2e")]
    [InlineData("a/../../devices")]
    public async Task AServerSentAccountUuidThatIsNotARouteSegment_IsRefusedNamingTheAccount_NeverCachedOrSent(string uuid)
    {
        using var sandbox = SandboxServer.Start("--bad-ca-uuid", uuid);
        using Shell shell = ConnectedTo(sandbox);

        Outcome first = shell.Run("Get-SoDataDevice -CorporateAccount SoLink");
        Assert.Empty(first.Output);
        AssertError(first.SingleError(), "InvalidCorporateAccountUuid", ErrorCategory.InvalidData, "'SoLink'", "GET api/v1/ca", $"the Uuid '{uuid}'");
        Outcome again = shell.Run("Get-SoDataDevice -CorporateAccount SoLink");
        AssertError(again.SingleError(), "InvalidCorporateAccountUuid", ErrorCategory.InvalidData);

        string[] log = await RequestLogAsync(sandbox);
        AssertAllOnIntendedRoutes(log);
        Assert.Equal(2, log.Count(r => r.StartsWith("GET /api/v1/ca?take=100&", StringComparison.Ordinal))); // read again: the bad list was not cached
        // The other account still works in the same session.
        Assert.NotEmpty(shell.Get("Get-SoDataCorporateAccount | Where-Object Name -ne SoLink | Get-SoDataCustomer"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../../realms/Socomec/protocol/openid-connect/token")]
    [InlineData("%2e%2e")]
    public async Task AServerSentDeviceUuidThatIsNotARouteSegment_FailsThatDeviceOnly_NothingLeavesTheRoutes(string uuid)
    {
        using var sandbox = SandboxServer.Start("--bad-device-uuid", uuid);
        using Shell shell = ConnectedTo(sandbox);

        Outcome variables = shell.Run("Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 2 | Get-SoDataVariable");
        // Bound by property name to -DeviceUuid, the server's value is checked as a typed one would be.
        AssertError(variables.SingleError(), "InvalidUuid", ErrorCategory.InvalidArgument, "-DeviceUuid", uuid);
        Assert.NotEmpty(variables.Output); // the second device's variables

        AssertAllOnIntendedRoutes(await RequestLogAsync(sandbox));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("%2e%2e")]
    [InlineData("Socomec/../..")]
    public async Task ARealmThatIsNotARouteSegment_IsRefusedNamingRealm_BeforeAnyRequest(string realm)
    {
        using var sandbox = SandboxServer.Start();
        using Shell shell = module.NotConnected();
        var arguments = module.ConnectArguments();
        arguments["ApiUrl"] = sandbox.BaseUri;
        arguments["AuthUrl"] = sandbox.BaseUri;
        arguments["Realm"] = realm;

        Outcome connect = shell.Invoke("Connect-SoData", arguments);
        AssertError(connect.TerminatingError(), "InvalidRealm", ErrorCategory.InvalidArgument, "-Realm");
        Assert.Empty(await RequestLogAsync(sandbox));
    }

    [Theory]
    [InlineData("../../realms/Socomec/protocol/openid-connect/token")]
    [InlineData("ca/%2e%2e/%2e%2e/%2e%2e/x")]
    [InlineData("http://127.0.0.1:1/api/v1/ca")]
    public async Task InvokeSoDataRequest_ToARouteOutsideTheApi_IsRefusedNamingPath_TheTokenStays(string path)
    {
        using var sandbox = SandboxServer.Start();
        using Shell shell = ConnectedTo(sandbox);
        string[] before = await RequestLogAsync(sandbox);
        Assert.Equal(TokenRoute, before[0]);

        Outcome request = shell.Invoke("Invoke-SoDataRequest", new Dictionary<string, object?> { ["Path"] = path });
        AssertError(request.TerminatingError(), "PathOutsideApi", ErrorCategory.InvalidArgument, "-Path");
        Assert.Equal(before, await RequestLogAsync(sandbox));
    }

    [Fact]
    public async Task ARangeEndingInTheFuture_IsCutAtNow_OneStartingThere_IsAnErrorNamingFrom()
    {
        using var sandbox = SandboxServer.Start();
        using Shell shell = ConnectedTo(sandbox);
        var variables = new Dictionary<string, object?> { ["Series"] = SandboxFacts.StreamRef };

        Outcome cut = shell.Run("Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 1 | Get-SoDataDatapoint -Series $Series -From ([DateTime]::UtcNow.AddHours(-2)) -To '9999-12-31T00:00:00Z' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message", variables);
        Assert.Null(cut.Terminating);
        Assert.Empty(cut.Errors);
        Assert.Contains(cut.Output, line => line.ToString().Contains("The range ends in the future") && line.ToString().Contains("cut at now"));
        Assert.InRange((await RequestLogAsync(sandbox)).Count(r => r.Contains("/datapoints")), 1, 2);

        Outcome future = shell.Run("Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 1 | Get-SoDataDatapoint -Series $Series -From '2999-01-01T00:00:00Z' -To '9999-12-31T00:00:00Z'", variables);
        AssertError(future.TerminatingError(), "FromInFuture", ErrorCategory.InvalidArgument, "-From");
        Assert.InRange((await RequestLogAsync(sandbox)).Count(r => r.Contains("/datapoints")), 1, 2);
    }

    [Fact]
    public async Task APlanOfMoreThanAThousandRequests_IsAnnouncedWithItsCount_BeforeAnyIsSent()
    {
        using var sandbox = SandboxServer.Start();
        using Shell shell = ConnectedTo(sandbox);
        var variables = new Dictionary<string, object?> { ["Series"] = SandboxFacts.StreamRef };

        // -WarningAction Stop turns the warning into the end of the command, so the test sends none of the 1,500 requests.
        Outcome large = shell.Run("Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 1 | Get-SoDataDatapoint -Series $Series -From ([DateTime]::UtcNow.AddDays(-1500)) -WarningAction Stop", variables);
        Assert.NotNull(large.Terminating);
        Assert.Contains("This command plans 15", large.Terminating!.ToString());
        Assert.Contains("requests (more than 1000)", large.Terminating.ToString());
        Assert.Equal(0, (await RequestLogAsync(sandbox)).Count(r => r.Contains("/datapoints")));
    }
}
