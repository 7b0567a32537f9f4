using System.Collections;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Completers;

/// <summary>
/// The name completers of HierarchyCompleters.cs on their own (<see cref="DeviceNameCompleter"/>,
/// <see cref="DeviceSerialNumberCompleter"/>, <see cref="SiteNameCompleter"/>, <see cref="CustomerNameCompleter"/>,
/// their base <see cref="HierarchyNameCompleter"/> and <see cref="CompletionBinding"/>): the values of the account
/// given, else of every account, read from the sandbox; the word typed itself when there is nothing to offer. (Through
/// PowerShell's completion engine, file names never offered: SoData.Cmdlets.Tests' NameCompletionTests.)
/// </summary>
public sealed class HierarchyCompletersTests(DefaultSandbox fixture) : IClassFixture<DefaultSandbox>
{
    private readonly SandboxSession _sandbox = fixture.Sandbox;

    private const string NothingTip = "No match from the API (or none yet: try Tab again).";

    private string SoLink => _sandbox.Accounts().Single(a => a.Name == "SoLink").Uuid!;

    private List<Device> DevicesOf(string ca) => _sandbox.Client.ListDevicesAsync(ca, null, 0, 100, CancellationToken.None).GetAwaiter().GetResult().Results;

    private List<Customer> CustomersOf(string ca) => _sandbox.Client.ListCustomersAsync(ca, 0, 100, CancellationToken.None).GetAwaiter().GetResult().Results;

    private List<string> SiteNamesOf(string ca) => _sandbox.Client.ListAllSitesAsync(ca, null, 100, CancellationToken.None).GetAwaiter().GetResult().Select(s => s.Name!).ToList();

    /// <summary>Tab on <paramref name="parameter"/>, pressed again while the listing is read (until something is offered that is not the word itself).</summary>
    private static List<CompletionResult> Complete(HierarchyNameCompleter completer, string word, Hashtable bound) =>
        Tab.Until(() => completer.CompleteArgument("Get-SoDataDevice", "Name", word, null!, bound).ToList(), r => r.All(c => c.ToolTip != NothingTip));

    [Fact]
    public void Device_names_of_the_account_named_are_offered_quoted_with_the_serial_number_as_tooltip()
    {
        Device delphys = DevicesOf(SoLink).Single(d => d.SerialNumber == "1D15350041");

        List<CompletionResult> results = Complete(new DeviceNameCompleter(), "delphys", Tab.Bound(("Session", _sandbox.Session), ("CorporateAccount", "SoLink")));

        CompletionResult result = Assert.Single(results, r => r.ListItemText == delphys.Name);
        Assert.Equal("'Delphys GP2 - 160 kVA'", result.CompletionText);
        Assert.Equal("Delphys GP2 - 160 kVA (1D15350041)", result.ToolTip);
        Assert.All(results, r => Assert.StartsWith("delphys", r.ListItemText, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_value_of_the_account_is_offered_once_in_order_for_an_empty_word()
    {
        string[] expected = DevicesOf(SoLink).Select(d => d.Name!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();

        List<CompletionResult> results = Complete(new DeviceNameCompleter(), "", Tab.Bound(("Session", _sandbox.Session), ("CorporateAccountUuid", SoLink)));

        Assert.Equal(expected, results.Select(r => r.ListItemText));
    }

    [Fact]
    public void Serial_numbers_are_offered_with_the_device_name_as_tooltip()
    {
        List<CompletionResult> results = Complete(new DeviceSerialNumberCompleter(), "1D1535", Tab.Bound(("Session", _sandbox.Session), ("CorporateAccountUuid", new PSObject(new object[] { SoLink }))));

        CompletionResult result = Assert.Single(results, r => r.CompletionText == "1D15350041");
        Assert.Equal("1D15350041: Delphys GP2 - 160 kVA", result.ToolTip);
    }

    [Fact]
    public void Site_names_of_every_account_are_offered_when_no_account_is_given_and_a_wildcard_is_a_wildcard()
    {
        var everySite = _sandbox.Accounts().SelectMany(a => SiteNamesOf(a.Uuid!)).ToList();
        Assert.Contains("(FR) Benfeld CDS", everySite);

        List<CompletionResult> typed = Complete(new SiteNameCompleter(), "'(FR) Ben", Tab.Bound(("Session", _sandbox.Session)));
        Assert.Contains("'(FR) Benfeld CDS'", Tab.Texts(typed));

        List<CompletionResult> wild = Complete(new SiteNameCompleter(), "*CDS", Tab.Bound(("Session", _sandbox.Session)));
        Assert.Equal(everySite.Where(n => n.EndsWith("CDS", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase),
            wild.Select(r => r.ListItemText));
    }

    [Fact]
    public void Customer_names_come_from_the_account_given_by_uuid()
    {
        List<Customer> customers = CustomersOf(SoLink);

        List<CompletionResult> results = Complete(new CustomerNameCompleter(), "FR_", Tab.Bound(("Session", _sandbox.Session), ("CorporateAccountUuid", SoLink)));

        Assert.Equal(customers.Where(c => c.Name!.StartsWith("FR_", StringComparison.OrdinalIgnoreCase)).Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase), results.Select(r => r.ListItemText));
        Assert.Contains("FR_Socomec", Tab.Texts(results));
    }

    [Theory]
    [InlineData("zz", "zz")]
    [InlineData("'zz y", "'zz y")]
    public void With_nothing_to_offer_the_word_itself_is_offered_so_PowerShell_does_not_offer_file_names(string word, string offered)
    {
        // Read the listing first, so that "nothing" is the match's answer, not the budget's.
        Complete(new SiteNameCompleter(), "", Tab.Bound(("Session", _sandbox.Session)));

        var results = new SiteNameCompleter().CompleteArgument("Get-SoDataSite", "Name", word, null!, Tab.Bound(("Session", _sandbox.Session))).ToList();

        CompletionResult only = Assert.Single(results);
        Assert.Equal(offered, only.CompletionText);
        Assert.Equal(NothingTip, only.ToolTip);
    }

    [Fact]
    public void Nothing_to_offer_for_an_empty_word_is_an_empty_string()
    {
        CompletionResult only = Assert.Single(HierarchyNameCompleter.NothingToOffer(""));
        Assert.Equal("''", only.CompletionText);
        Assert.Equal(NothingTip, only.ToolTip);
    }

    [Fact]
    public void Without_a_session_or_with_an_account_name_no_account_has_only_the_word_is_offered()
    {
        Assert.Null(System.Management.Automation.Runspaces.Runspace.DefaultRunspace);
        Assert.Equal(["Del"], Tab.Texts(new DeviceNameCompleter().CompleteArgument("Get-SoDataDevice", "Name", "Del", null!, Tab.Bound())));
        Assert.Equal(["Del"], Tab.Texts(new DeviceNameCompleter().CompleteArgument("Get-SoDataDevice", "Name", "Del",
            null!, Tab.Bound(("Session", _sandbox.Session), ("CorporateAccount", "No Such Account")))));
    }

    [Fact]
    public void CompletionBinding_reads_the_session_and_the_accounts_from_what_is_typed()
    {
        var session = _sandbox.Session;
        string[] every = _sandbox.Accounts().Select(a => a.Uuid!).ToArray();

        Assert.Same(session, CompletionBinding.Session(Tab.Bound(("Session", new PSObject(session)))));
        Assert.Null(CompletionBinding.Session(Tab.Bound(("Session", "text"))));
        Assert.Equal([SoLink], CompletionBinding.Accounts(session, Tab.Bound(("CorporateAccountUuid", SoLink), ("CorporateAccount", "Socomec Services"))));
        Assert.Equal([SoLink], CompletionBinding.Accounts(session, Tab.Bound(("CorporateAccount", "solink"))));
        Assert.Equal([SoLink], CompletionBinding.Accounts(session, Tab.Bound(("CorporateAccount", SoLink))));
        Assert.Equal(every, CompletionBinding.Accounts(session, Tab.Bound()));
        Assert.Equal(every, CompletionBinding.Accounts(session, Tab.Bound(("CorporateAccountUuid", "not-a-uuid"))));
        Assert.Null(CompletionBinding.Accounts(session, Tab.Bound(("CorporateAccount", "No Such Account"))));
    }

    [Fact]
    public void CompletionBinding_Text_is_one_string_typed_and_nothing_else()
    {
        Assert.Equal("a", CompletionBinding.Text("a"));
        Assert.Equal("a", CompletionBinding.Text(new PSObject(new object[] { new PSObject("a") })));
        Assert.Null(CompletionBinding.Text(new object[] { "a", "b" }));
        Assert.Null(CompletionBinding.Text(""));
        Assert.Null(CompletionBinding.Text(42));
        Assert.Null(CompletionBinding.Text(null));
    }
}
