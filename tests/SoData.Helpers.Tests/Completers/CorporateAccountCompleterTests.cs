using System.Management.Automation;
using SoData.Cmdlets.Completers;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Completers;

/// <summary>
/// <see cref="CorporateAccountCompleter"/> on its own: the names of the accounts the session given sees, matched by
/// prefix, quoted when they hold a space, the uuid as tooltip; nothing without a session. (Through PowerShell's
/// completion engine: SoData.Cmdlets.Tests' CompleterTests.)
/// </summary>
public sealed class CorporateAccountCompleterTests(DefaultSandbox fixture) : IClassFixture<DefaultSandbox>
{
    private readonly SandboxSession _sandbox = fixture.Sandbox;

    private List<CompletionResult> Complete(string word, object? session) =>
        Tab.Until(() => new CorporateAccountCompleter().CompleteArgument("Get-SoDataDevice", "CorporateAccount", word, null!, Tab.Bound(("Session", session))).ToList(),
            results => results.Count > 0);

    [Fact]
    public void Offers_the_accounts_starting_with_the_word_whatever_its_case_quoting_those_with_a_space()
    {
        var accounts = _sandbox.Accounts();
        Assert.Equal(["SoLink", "Socomec Services"], accounts.Select(a => a.Name)); // the default sandbox's two

        List<CompletionResult> results = Complete("so", _sandbox.Session);

        Assert.Equal(["SoLink", "'Socomec Services'"], Tab.Texts(results));
        Assert.Equal(["SoLink", "Socomec Services"], results.Select(r => r.ListItemText));
        Assert.Equal(accounts.Select(a => $"{a.Name} ({a.Uuid})"), results.Select(r => r.ToolTip));
        Assert.All(results, r => Assert.Equal(CompletionResultType.ParameterValue, r.ResultType));
    }

    [Theory]
    [InlineData("'Socomec S")]
    [InlineData("\"socomec")]
    [InlineData("*Services")]
    public void A_word_typed_in_quotes_or_with_a_wildcard_still_matches(string word)
    {
        Assert.Equal(["'Socomec Services'"], Tab.Texts(Complete(word, _sandbox.Session)));
    }

    [Fact]
    public void The_session_may_come_wrapped_as_PowerShell_binds_a_variable()
    {
        Assert.Equal(["SoLink"], Tab.Texts(Complete("SoL", new PSObject(_sandbox.Session))));
    }

    [Fact]
    public void A_word_no_account_starts_with_gives_nothing()
    {
        // The accounts are read (and cached) first, so that the empty answer is the match's, not the budget's.
        Assert.NotEmpty(Complete("", _sandbox.Session));
        Assert.Empty(new CorporateAccountCompleter().CompleteArgument("Get-SoDataSite", "CorporateAccount", "Datacenter", null!, Tab.Bound(("Session", _sandbox.Session))));
    }

    [Fact]
    public void Without_a_session_nothing_is_offered_and_nothing_throws()
    {
        Assert.Null(System.Management.Automation.Runspaces.Runspace.DefaultRunspace); // so no SessionStore.Current either
        Assert.Empty(new CorporateAccountCompleter().CompleteArgument("Get-SoDataSite", "CorporateAccount", "So", null!, Tab.Bound()));
        Assert.Empty(new CorporateAccountCompleter().CompleteArgument("Get-SoDataSite", "CorporateAccount", "So", null!, Tab.Bound(("Session", "not a session"))));
    }

    [Theory]
    [InlineData("SoLink", "SoLink")]
    [InlineData("Socomec Services", "'Socomec Services'")]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("$home", "'$home'")]
    [InlineData("(FR)", "'(FR)'")]
    [InlineData("x,y", "'x,y'")]
    public void Quote_makes_a_value_one_PowerShell_argument(string value, string quoted)
    {
        Assert.Equal(quoted, CorporateAccountCompleter.Quote(value));
    }
}
