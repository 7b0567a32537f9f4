using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="CorporateAccountScope"/> on its own: which account each input works in (piped, -CorporateAccountUuid,
/// -CorporateAccount by name or uuid, the one default account), the errors when there is none, and a server failure,
/// against a sandbox on loopback (two accounts, SoLink and Socomec Services, unless a test starts its own).
/// </summary>
public sealed class CorporateAccountScopeTests(DefaultSandbox fixture) : IClassFixture<DefaultSandbox>
{
    private sealed class Parameters(string? uuid = null, string? nameOrUuid = null) : ICorporateAccountParameters
    {
        public string? CorporateAccountUuid { get; } = uuid;
        public string? CorporateAccount { get; } = nameOrUuid;
    }

    private static CorporateAccountScope Scope(CommandParts parts, SandboxSession sandbox, Parameters parameters) =>
        new(parts.Cmdlet, parts.Async, () => sandbox.Session, parts.Input, parameters);

    private string Uuid(string name) => fixture.Sandbox.Accounts().Single(a => a.Name == name).Uuid!;

    [Fact]
    public void The_rule_picks_by_uuid_or_name_in_any_case_else_the_only_account()
    {
        var solink = new CorporateAccount { Uuid = "11111111-1111-1111-1111-111111111111", Name = "SoLink" };
        var services = new CorporateAccount { Uuid = "22222222-2222-2222-2222-222222222222", Name = "Socomec Services" };
        Assert.Same(services, CorporateAccountScope.Choose([solink, services], "socomec services"));
        Assert.Same(services, CorporateAccountScope.Choose([solink, services], "22222222-2222-2222-2222-222222222222"));
        Assert.Same(solink, CorporateAccountScope.Choose([solink], null));
        Assert.Null(CorporateAccountScope.Choose([solink, services], null));
        Assert.Null(CorporateAccountScope.Choose([solink, services], "Solink*"));
        Assert.Null(CorporateAccountScope.Choose([solink], "Other"));
    }

    [Fact]
    public void A_piped_account_is_used_as_it_is_without_asking_the_server()
    {
        using var sandbox = SandboxSession.Start();
        var parts = new CommandParts();
        const string piped = "33333333-3333-3333-3333-333333333333";

        Assert.Equal(piped, Scope(parts, sandbox, new Parameters(nameOrUuid: "Socomec Services")).Resolve(piped));

        Assert.Null(sandbox.Session.CorporateAccounts.Cached); // the accounts were never read
        Assert.Empty(parts.Recorded.Errors);
    }

    [Fact]
    public void CorporateAccountUuid_is_used_when_nothing_is_piped()
    {
        var parts = new CommandParts();
        string uuid = Uuid("Socomec Services");
        Assert.Equal(uuid, Scope(parts, fixture.Sandbox, new Parameters(uuid: uuid)).Resolve());
    }

    [Theory]
    [InlineData("Socomec Services")]
    [InlineData("SOCOMEC SERVICES")]
    public void CorporateAccount_by_name_gives_that_accounts_uuid(string name)
    {
        var parts = new CommandParts();
        Assert.Equal(Uuid("Socomec Services"), Scope(parts, fixture.Sandbox, new Parameters(nameOrUuid: name)).Resolve());
        Assert.Empty(parts.Recorded.Errors);
    }

    [Fact]
    public void CorporateAccount_by_uuid_gives_that_account()
    {
        var parts = new CommandParts();
        string uuid = Uuid("SoLink");
        Assert.Equal(uuid, Scope(parts, fixture.Sandbox, new Parameters(nameOrUuid: uuid.ToUpperInvariant())).Resolve());
    }

    [Fact]
    public void The_only_account_of_the_session_is_the_default()
    {
        using var sandbox = SandboxSession.Start("--corporate-accounts", "1");
        var parts = new CommandParts();
        Assert.Equal(sandbox.Accounts()[0].Uuid, Scope(parts, sandbox, new Parameters()).Resolve());
        Assert.Empty(parts.Recorded.Errors);
    }

    [Fact]
    public void Several_accounts_and_no_choice_is_an_error_naming_the_command_the_ways_to_give_one_and_the_accounts()
    {
        var parts = new CommandParts("Get-SoDataCustomer");

        Assert.Null(Scope(parts, fixture.Sandbox, new Parameters()).Resolve());

        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal(["CorporateAccountRequired"], parts.ErrorIds);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("Get-SoDataCustomer needs a corporate account: pipe one in (Get-SoDataCorporateAccount -Name X | Get-SoDataCustomer)", error.Exception.Message);
        Assert.Contains("-CorporateAccount (name or uuid) or -CorporateAccountUuid", error.Exception.Message);
        Assert.EndsWith("Visible: SoLink, Socomec Services.", error.Exception.Message);
    }

    [Fact]
    public void A_measured_object_without_an_account_is_named_in_the_error()
    {
        var parts = new CommandParts("Get-SoDataDatapoint");

        Assert.Null(Scope(parts, fixture.Sandbox, new Parameters()).Resolve(null, "Voltage V1"));

        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal("Voltage V1", error.TargetObject);
        Assert.StartsWith("Get-SoDataDatapoint needs a corporate account for 'Voltage V1': pipe objects from Get-SoDataDevice or Get-SoDataVariable", error.Exception.Message);
    }

    [Fact]
    public void A_name_that_matches_no_account_is_a_not_found_error_listing_the_visible_ones()
    {
        var parts = new CommandParts();

        Assert.Null(Scope(parts, fixture.Sandbox, new Parameters(nameOrUuid: "SoLnk")).Resolve());

        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal(["CorporateAccountNotFound"], parts.ErrorIds);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("SoLnk", error.TargetObject);
        Assert.Equal($"-CorporateAccount 'SoLnk' matches no corporate account visible to {SandboxServer.Username}. Visible: SoLink, Socomec Services.", error.Exception.Message);
    }

    [Fact]
    public void An_account_whose_uuid_cannot_be_a_route_is_an_InvalidData_error_and_nothing_is_sent_to_it()
    {
        using var sandbox = SandboxSession.Start("--corporate-accounts", "1", "--bad-ca-uuid", "..");
        var parts = new CommandParts();

        Assert.Null(Scope(parts, sandbox, new Parameters()).Resolve());

        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal(["InvalidCorporateAccountUuid"], parts.ErrorIds);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
    }

    [Fact]
    public void A_server_failure_while_reading_the_accounts_is_that_inputs_error_and_nothing_is_listed()
    {
        using var sandbox = SandboxSession.Start("--fault-rate", "1");
        var parts = new CommandParts();
        CorporateAccountScope scope = Scope(parts, sandbox, new Parameters(nameOrUuid: "SoLink"));

        var failure = Assert.Throws<SoDataApiException>(() => scope.Resolve());
        Assert.Equal(503, failure.StatusCode);

        var listing = new ListingWriter(parts.Cmdlet, parts.Async, parts.InputWork, 1, 100, null);
        scope.WriteListing(listing, "SoLink", sandbox.Client.ListCustomersAsync, new ListingFilter<Customer>());
        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal("SoLink", error.TargetObject);
        Assert.Empty(parts.Recorded.Output);
    }

    [Fact]
    public void A_listing_of_the_account_stamps_its_objects_and_says_where_it_looked()
    {
        var parts = new CommandParts();
        CorporateAccountScope scope = Scope(parts, fixture.Sandbox, new Parameters(nameOrUuid: "SoLink"));
        var filter = new ListingFilter<Customer>().Add("Name", ["Customer 2", "Nobody"], c => [c.Name]);
        var listing = new ListingWriter(parts.Cmdlet, parts.Async, parts.InputWork, 1, 100, null);

        scope.WriteListing(listing, "SoLink", fixture.Sandbox.Client.ListCustomersAsync, filter);
        filter.WriteUnmatched(parts.Cmdlet, "CustomerNotFound", "customer", () => filter.DescribePlaces("in", string.Empty, "corporate accounts"));

        Customer customer = Assert.IsType<Customer>(Assert.Single(parts.Recorded.Output));
        Assert.Equal("Customer 2", customer.Name);
        Assert.Equal(Uuid("SoLink"), customer.CorporateAccountUuid);
        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal("No customer with -Name 'Nobody' in corporate account 'SoLink'.", error.Exception.Message);
    }

    [Fact]
    public void A_device_listing_without_a_device_is_an_error_telling_how_to_give_one()
    {
        var parts = new CommandParts("Get-SoDataVariable");
        CorporateAccountScope scope = Scope(parts, fixture.Sandbox, new Parameters());
        var listing = new ListingWriter(parts.Cmdlet, parts.Async, parts.InputWork, 1, 100, null);

        scope.EnqueueDeviceListing(listing, null, null, fixture.Sandbox.Client.ListVariablesAsync, new ListingFilter<Variable>());

        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal(["MissingDeviceUuid"], parts.ErrorIds);
        Assert.StartsWith("Get-SoDataVariable needs -DeviceUuid: pipe devices in (Get-SoDataDevice -CorporateAccount SoLink | Get-SoDataVariable), or give -DeviceUuid.", error.Exception.Message);
    }

    [Fact]
    public void Describe_names_the_account_from_the_sessions_list_else_gives_its_uuid()
    {
        var parts = new CommandParts();
        CorporateAccountScope scope = Scope(parts, fixture.Sandbox, new Parameters());
        Assert.Equal("corporate account 'Socomec Services'", scope.Describe(Uuid("Socomec Services")));
        Assert.Equal("corporate account 44444444-4444-4444-4444-444444444444", scope.Describe("44444444-4444-4444-4444-444444444444"));
    }
}
