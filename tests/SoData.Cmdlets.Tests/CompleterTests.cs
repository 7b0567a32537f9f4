using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>Tab completion of the module's parameters, through PowerShell's own engine (CommandCompletion, as TabExpansion2).</summary>
[Collection(ModuleCollection.Name)]
public sealed class CompleterTests : IDisposable
{
    private readonly ModuleFixture _module;
    private readonly Shell _shell;

    public CompleterTests(ModuleFixture module)
    {
        _module = module;
        _shell = module.Connected();
    }

    [Theory]
    [InlineData("Get-SoDataDevice -CorporateAccount So", "SoLink")]
    [InlineData("Get-SoDataCustomer -CorporateAccount soc", "'Socomec Services'")]
    [InlineData("Get-SoDataDatapoint -Granularity Ho", "Hour")]
    [InlineData("Get-SoDataDatapoint -Aggregation St", "Stdev")]
    [InlineData("Get-SoDataDatapoint -TimeZone Europe/Pa", "Europe/Paris")]
    [InlineData("Export-SoDataDatapoint -Encoding utf8", "utf8BOM")]
    [InlineData("Get-SoDataDatapoint -Series Glo", "'Global|0|140100'")]
    public void Completes(string line, string expected)
    {
        Assert.Contains(expected, Texts(_shell.Complete(line)));
    }

    [Fact]
    public void Completes_only_the_matching_corporate_accounts_with_their_uuid_as_tooltip()
    {
        var matches = _shell.Complete("Get-SoDataSite -CorporateAccount SoL").CompletionMatches;

        CompletionResult solink = Assert.Single(matches);
        Assert.Equal("SoLink", solink.CompletionText);
        string uuid = (string)_shell.Get("(Get-SoDataCorporateAccount -Name SoLink).Uuid")[0].BaseObject;
        Assert.Equal($"SoLink ({uuid})", solink.ToolTip);
    }

    [Theory]
    [InlineData("Get-SoDataVariable", "-StreamRef", "-CorporateAccount SoLink")]
    [InlineData("Get-SoDataLastValue", "-StreamRef", "-CorporateAccount SoLink")]
    [InlineData("Get-SoDataDatapoint", "-Series", "-CorporateAccount SoLink")]
    [InlineData("Get-SoDataDatapoint", "-Series", "-CorporateAccountUuid {account}")]
    [InlineData("Export-SoDataDatapoint", "-Series", "-CorporateAccountUuid {account}")]
    public void Completes_the_mapping_configs_of_the_device_given_with_titles_as_tooltips(string command, string parameter, string account)
    {
        PSObject device = _shell.Get($"Get-SoDataDevice -CorporateAccount SoLink -SerialNumber {SandboxFacts.DeviceSerialNumber}")[0];
        account = account.Replace("{account}", (string)device.Properties["CorporateAccountUuid"].Value);

        var matches = _shell.Complete($"{command} {account} -DeviceUuid {device.Properties["Uuid"].Value} {parameter} 'Global|0|1401").CompletionMatches;

        CompletionResult load = Assert.Single(matches, m => m.CompletionText == $"'{SandboxFacts.StreamRef}'");
        Assert.Equal(SandboxFacts.StreamRefTitle, load.ToolTip);
        Assert.All(matches, m => Assert.StartsWith("'Global|0|1401", m.CompletionText));
    }

    [Fact]
    public void Offers_no_account_names_in_a_runspace_without_a_session_even_when_others_have_one()
    {
        using Shell fresh = _module.NotConnected();

        Assert.DoesNotContain("SoLink", Texts(fresh.Complete("Get-SoDataDevice -CorporateAccount So")));
    }

    private static List<string> Texts(CommandCompletion completion) => completion.CompletionMatches.Select(m => m.CompletionText).ToList();

    public void Dispose() => _shell.Dispose();
}
