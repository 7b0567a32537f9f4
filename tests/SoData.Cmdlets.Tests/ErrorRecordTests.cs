using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using SoData.Cmdlets.Tests.Support;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// The records of things not found and of failed connections, as a script sees them: ErrorId, category, whether the
/// command ended, and what the message names. One row per case; add a row for each new error.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ErrorRecordTests : IDisposable
{
    private readonly ModuleFixture _module;
    private readonly Shell _shell;
    private readonly Dictionary<string, object?> _variables;

    public ErrorRecordTests(ModuleFixture module)
    {
        _module = module;
        _shell = module.Connected();
        string closed = $"http://127.0.0.1:{ClosedPort()}/";
        // What the scripts of the cases below may use.
        _variables = new Dictionary<string, object?>
        {
            ["Missing"] = Guid.NewGuid().ToString(),
            ["SandboxUrl"] = module.Sandbox.Url,
            ["ClosedUrl"] = closed,
            ["Secret"] = Shell.Secure(SandboxServer.ClientSecret),
            ["Credential"] = new PSCredential(SandboxServer.Username, Shell.Secure(SandboxServer.Password)),
            ["AnyToken"] = Shell.Secure("not-a-token"),
        };
    }

    /// <summary>
    /// <paramref name="Script"/> fails with <paramref name="ErrorId"/> in <paramref name="Category"/>; <paramref name="Ends"/>
    /// says whether that ends the command (terminating) or not; the message contains each of <paramref name="Mentions"/>
    /// ($Name means that variable's value).
    /// </summary>
    public sealed record ErrorCase(string Name, string Script, string ErrorId, ErrorCategory Category, bool Ends, params string[] Mentions)
    {
        public override string ToString() => Name;
    }

    public static readonly IReadOnlyList<ErrorCase> Cases = new ErrorCase[]
    {
        // Not found
        new("corporate account name without wildcards", "Get-SoDataCorporateAccount -Name NoSuchAccount",
            "CorporateAccountNotFound", ErrorCategory.ObjectNotFound, false, "NoSuchAccount"),
        new("corporate account uuid", "Get-SoDataCorporateAccount -Uuid $Missing",
            "CorporateAccountNotFound", ErrorCategory.ObjectNotFound, false, "$Missing"),
        new("-CorporateAccount that matches no account", "Get-SoDataCustomer -CorporateAccount NoSuchAccount",
            "CorporateAccountNotFound", ErrorCategory.ObjectNotFound, false, "-CorporateAccount", "NoSuchAccount", SandboxFacts.CorporateAccount),
        new("no -CorporateAccount when the session sees several", "Get-SoDataCustomer",
            "CorporateAccountRequired", ErrorCategory.InvalidArgument, false, "-CorporateAccount", SandboxFacts.CorporateAccount),
        new("no -CorporateAccount for a device uuid when the session sees several", "Get-SoDataLastValue -DeviceUuid $Missing",
            "CorporateAccountRequired", ErrorCategory.InvalidArgument, false, "-CorporateAccount", SandboxFacts.CorporateAccount),
        new("device uuid", "Get-SoDataDevice -CorporateAccount SoLink -Uuid $Missing",
            "DeviceNotFound", ErrorCategory.ObjectNotFound, false, "$Missing"),
        new("variables of an unknown device", "Get-SoDataVariable -CorporateAccount SoLink -DeviceUuid $Missing",
            "ApiNotFound", ErrorCategory.ObjectNotFound, false, "$Missing"),
        new("items of an unknown device", "Get-SoDataItem -CorporateAccount SoLink -DeviceUuid $Missing",
            "ApiNotFound", ErrorCategory.ObjectNotFound, false, "$Missing"),
        new("last values of an unknown device", "Get-SoDataLastValue -CorporateAccount SoLink -DeviceUuid $Missing",
            "ApiNotFound", ErrorCategory.ObjectNotFound, false, "$Missing"),
        new("datapoints of an unknown device", "Get-SoDataDatapoint -CorporateAccount SoLink -DeviceUuid $Missing -Series 'Global|0|140100' -From 2024-05-01T00:00:00Z -To 2024-05-01T01:00:00Z",
            "ApiNotFound", ErrorCategory.ObjectNotFound, false, "not found"),
        new("raw request to an unknown route", "Invoke-SoDataRequest \"ca/$Missing/customers\"",
            "ApiNotFound", ErrorCategory.ObjectNotFound, false, "$Missing"),

        // Sign-in and network
        new("wrong password", "Connect-SoData -ApiUrl $SandboxUrl -AuthUrl $SandboxUrl -ClientId sodata-sandbox -ClientSecret $Secret -Credential ([pscredential]::new('admin@sandbox.local', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force)))",
            "AuthenticationFailed", ErrorCategory.AuthenticationError, true, "invalid_grant"),
        new("wrong client secret", "Connect-SoData -ApiUrl $SandboxUrl -AuthUrl $SandboxUrl -ClientId sodata-sandbox -ClientSecret (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force) -Credential $Credential",
            "AuthenticationFailed", ErrorCategory.AuthenticationError, true, "invalid_client"),
        new("token endpoint on a closed port", "Connect-SoData -ApiUrl $ClosedUrl -AuthUrl $ClosedUrl -ClientId sodata-sandbox -ClientSecret $Secret -Credential $Credential -MaxRetries 0",
            "ConnectionRefused", ErrorCategory.ConnectionError, true, "$ClosedUrl", "-AuthUrl"),
        // Connect-SoData checks that the API answers, so a wrong -ApiUrl fails there, not at the first cmdlet.
        new("API on a closed port", "Connect-SoData -ApiUrl $ClosedUrl -AccessToken $AnyToken -MaxRetries 0",
            "ConnectionRefused", ErrorCategory.ConnectionError, true, "$ClosedUrl", "-ApiUrl"),
        new("wrong realm", "Connect-SoData -ApiUrl $SandboxUrl -AuthUrl $SandboxUrl -Realm Socomek -ClientId sodata-sandbox -ClientSecret $Secret -Credential $Credential",
            "TokenEndpointNotFound", ErrorCategory.ObjectNotFound, true, "realms/Socomek", "-Realm"),
        new("token the API refuses", "Connect-SoData -ApiUrl $SandboxUrl -AccessToken $AnyToken; Get-SoDataCorporateAccount",
            "ApiUnauthorized", ErrorCategory.AuthenticationError, true, "401"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_error_record_says_what_failed(string name)
    {
        ErrorCase expected = Cases.Single(c => c.Name == name);

        Outcome outcome = _shell.Run(expected.Script, _variables);

        ErrorRecord error = expected.Ends ? outcome.TerminatingError() : outcome.SingleError();
        Assert.Equal(expected.ErrorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(expected.Category, error.CategoryInfo.Category);
        // What the user reads: the message, and the advice PowerShell 7 prints under it ("Recommendation:").
        string message = error.ToString() + " " + error.ErrorDetails?.RecommendedAction;
        foreach (string mention in expected.Mentions)
        {
            string text = mention.StartsWith('$') ? (string)_variables[mention[1..]]! : mention;
            Assert.Contains(text.TrimEnd('/'), message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("   at ", message); // never a .NET stack
        Assert.DoesNotContain(SandboxServer.ClientSecret, message);
        Assert.DoesNotContain("not-the-", message); // the wrong password or secret of a case
    }

    [Fact]
    public void A_wrong_password_leaves_no_session_and_quotes_the_server()
    {
        var arguments = _module.ConnectArguments(password: "not-the-password");
        using Shell fresh = _module.NotConnected();

        ErrorRecord error = fresh.Invoke("Connect-SoData", arguments).TerminatingError();

        dynamic exception = error.Exception;
        Assert.Equal("invalid_grant", (string)exception.Error);
        Assert.False(string.IsNullOrEmpty((string)exception.ErrorDescription));
        Assert.Contains((string)exception.ErrorDescription, error.Exception.Message);
        Assert.DoesNotContain("not-the-password", error.ToString());
        Assert.Empty(fresh.Get("Get-SoDataSession"));
    }

    [Fact]
    public void A_cmdlet_in_a_runspace_that_never_connected_fails_once_saying_to_run_Connect_SoData()
    {
        using Shell fresh = _module.NotConnected();

        Outcome outcome = fresh.Invoke("Get-SoDataCorporateAccount");

        ErrorRecord error = outcome.TerminatingError();
        Assert.Equal("NoSession", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("Connect-SoData", error.ToString());
        Assert.Empty(outcome.Errors);
        Assert.Empty(outcome.Output);
    }

    [Fact]
    public void A_name_that_matches_nothing_does_not_stop_the_next_one()
    {
        Outcome outcome = _shell.Run("Get-SoDataCorporateAccount -Name NoSuchAccount, SoLink");

        Assert.Equal("CorporateAccountNotFound", outcome.SingleError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(SandboxFacts.CorporateAccount, Assert.Single(outcome.Output).Properties["Name"].Value);
    }

    /// <summary>A loopback port nothing listens on: bound by the system, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose() => _shell.Dispose();
}
