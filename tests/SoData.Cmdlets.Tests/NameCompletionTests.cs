using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// Completion of the names a newcomer types: serial numbers, device, site and customer names, the mapping configs of
/// the devices given with -Device, Windows zone ids; never file names where a name of the hierarchy is expected.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class NameCompletionTests : IDisposable
{
    private readonly Shell _shell;

    public NameCompletionTests(ModuleFixture module) => _shell = module.Connected();

    [Theory]
    [InlineData("Get-SoDataDevice -SerialNumber 1D1535", SandboxFacts.DeviceSerialNumber)]
    [InlineData("Get-SoDataDevice -CorporateAccount SoLink -Name Delphys", "'Delphys GP2 - 160 kVA'")]
    [InlineData("Get-SoDataSite -Name '(FR) Ben", "'(FR) Benfeld CDS'")]
    [InlineData("Get-SoDataCustomer -CorporateAccount SoLink -Name FR_", "FR_Socomec")]
    [InlineData("Get-SoDataDatapoint -TimeZone Romance", "'Romance Standard Time'")]
    [InlineData("Export-SoDataDatapoint -TimeZone 'W. Europe", "'W. Europe Standard Time'")]
    public void Completes(string line, string expected)
    {
        Assert.Contains(expected, CompleteWithin(line, texts => texts.Contains(expected)));
    }

    [Fact]
    public void Completes_Series_with_the_variables_of_every_device_given_with_Device()
    {
        _shell.Get($"$ups = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber {SandboxFacts.DeviceSerialNumber}; $two = @(Get-SoDataDevice -CorporateAccount SoLink | Select-Object -First 2)");
        string[] upsRefs = _shell.Get("($ups | Get-SoDataVariable -StreamRef 'Unit|*').StreamRef").Select(o => "'" + o.BaseObject + "'").ToArray();

        List<string> one = CompleteWithin("Get-SoDataDatapoint -Device $ups -Series 'Unit|", texts => texts.Count > 0 && !texts.Contains("'Global|0|140100'"));
        Assert.Equal(upsRefs.OrderBy(r => r), one.OrderBy(r => r));

        var tips = _shell.Complete("Export-SoDataDatapoint -Device $ups -Series 'Global|0|1401").CompletionMatches;
        Assert.Contains(tips, m => m.CompletionText == $"'{SandboxFacts.StreamRef}'" && m.ToolTip == SandboxFacts.StreamRefTitle);

        string[] both = _shell.Get("$two | Get-SoDataVariable | ForEach-Object { \"'$($_.StreamRef)'\" } | Sort-Object -Unique").Select(o => (string)o.BaseObject).ToArray();
        List<string> several = CompleteWithin("Get-SoDataDatapoint -Device $two -Series ", texts => texts.Count >= both.Length);
        Assert.Equal(both, several.OrderBy(t => t, StringComparer.OrdinalIgnoreCase).ToArray());
    }

    [Theory]
    [InlineData("Get-SoDataSite -Name ")]
    [InlineData("Get-SoDataSite -Name zz")]
    [InlineData("Get-SoDataDevice -Name zz")]
    [InlineData("Get-SoDataDevice -SerialNumber zz")]
    [InlineData("Get-SoDataCustomer -Name zz")]
    public void Never_offers_file_names(string line)
    {
        string folder = Directory.CreateTempSubdirectory("sodata-completion-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "zz-a-file.txt"), "not a site");
            _shell.Get("Set-Location -LiteralPath $folder", new Dictionary<string, object?> { ["folder"] = folder });

            // With nothing typed, the word itself ('') stands in until the listing is there.
            List<string> texts = CompleteWithin(line, t => line.EndsWith(' ') ? t.Count > 1 : t.Count > 0);

            Assert.DoesNotContain(texts, t => t.Contains("zz-a-file"));
            if (line.EndsWith(' ')) Assert.Contains("'(FR) Benfeld CDS'", texts); // every site, when nothing is typed
        }
        finally
        {
            _shell.Get("Set-Location -LiteralPath $home");
            Directory.Delete(folder, true);
        }
    }

    /// <summary>
    /// The completions of <paramref name="line"/> once <paramref name="done"/> holds, pressing Tab again (at most 20 times)
    /// as a user would while the listing is read in the background: each Tab waits the completion budget, no more.
    /// </summary>
    private List<string> CompleteWithin(string line, Func<List<string>, bool> done)
    {
        List<string> texts = [];
        for (int tab = 0; tab < 20; tab++)
        {
            texts = _shell.Complete(line).CompletionMatches.Select(m => m.CompletionText).ToList();
            if (done(texts)) break;
        }
        return texts;
    }

    public void Dispose() => _shell.Dispose();
}
