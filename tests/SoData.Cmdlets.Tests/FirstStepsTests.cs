using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SoData.Cmdlets.Tests.Support;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// What a newcomer meets in the first minutes: the sandbox's start-up lines, a connection error, Disconnect-SoData
/// -WhatIf, the file Export-SoDataDatapoint -PassThru lists, the README's list of help pages.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class FirstStepsTests : IDisposable
{
    private readonly ModuleFixture _module;
    private readonly Shell _shell;

    public FirstStepsTests(ModuleFixture module)
    {
        _module = module;
        _shell = module.Connected();
    }

    [Fact]
    public void The_sandbox_prints_its_credentials_and_a_Connect_SoData_line_that_works_as_pasted()
    {
        string? line = null;
        // The lines follow the ready line in the same write; the log reader may lag a moment behind.
        SpinWait.SpinUntil(() => (line = ConnectLine()) != null, TimeSpan.FromSeconds(30));
        Assert.NotNull(line);
        Assert.Contains($"client id {SandboxServer.ClientId}, client secret {SandboxServer.ClientSecret}, user {SandboxServer.Username}, password {SandboxServer.Password}", _module.Sandbox.Log);

        using Shell fresh = _module.NotConnected();
        fresh.Get(line!);
        Assert.Single(fresh.Get($"Get-SoDataCorporateAccount -Name {SandboxFacts.CorporateAccount}"));
    }

    private string? ConnectLine() =>
        _module.Sandbox.Log.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Connect-SoData ", StringComparison.Ordinal));

    [Fact]
    public void A_connection_error_gives_its_advice_once()
    {
        var variables = new Dictionary<string, object?>
        {
            ["url"] = $"http://127.0.0.1:{ClosedPort()}/",
            ["secret"] = Shell.Secure(SandboxServer.ClientSecret),
            ["credential"] = new PSCredential(SandboxServer.Username, Shell.Secure(SandboxServer.Password)),
        };
        string shown = string.Concat(_shell.Get(
            "try { Connect-SoData -ApiUrl $url -AuthUrl $url -ClientId sodata-sandbox -ClientSecret $secret -Credential $credential -MaxRetries 0 } catch { $_ | Out-String -Width 200 }",
            variables).Select(o => o.BaseObject));

        Assert.Contains("refused the connection", shown);
        Assert.Single(Regex.Matches(shown, Regex.Escape("Check -AuthUrl")));
        Assert.Contains("Recommendation", shown); // PowerShell 7 prints the advice under the message
    }

    [Fact]
    public void Disconnect_SoData_supports_WhatIf_and_Confirm()
    {
        Outcome whatIf = _shell.Run("Disconnect-SoData -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Null(whatIf.Terminating);
        Assert.Single(_shell.Get("Get-SoDataSession")); // still connected

        _shell.Get("Disconnect-SoData -Confirm:$false");
        Assert.Empty(_shell.Get("Get-SoDataSession"));
    }

    [Fact]
    public void Export_PassThru_returns_the_file_as_Get_Item_does()
    {
        string folder = Directory.CreateTempSubdirectory("sodata-passthru-").FullName;
        try
        {
            var variables = new Dictionary<string, object?> { ["path"] = Path.Combine(folder, "load.csv") };
            PSObject item = Assert.Single(_shell.Get(
                $"Get-SoDataDevice -CorporateAccount SoLink -SerialNumber {SandboxFacts.DeviceSerialNumber} | Get-SoDataVariable -StreamRef '{SandboxFacts.StreamRef}' | " +
                "Export-SoDataDatapoint -Path $path -From 2024-05-01 -To 2024-05-02 -Granularity Hour -PassThru", variables));
            PSObject expected = _shell.Get("Get-Item -LiteralPath $path", variables)[0];

            Assert.IsType<FileInfo>(item.BaseObject);
            foreach (string name in new[] { "PSPath", "PSParentPath", "PSChildName", "PSDrive", "PSProvider", "PSIsContainer" })
                Assert.Equal(expected.Properties[name]?.Value?.ToString(), item.Properties[name]?.Value?.ToString());
            string listing = _shell.Render("$item", 120, new Dictionary<string, object?> { ["item"] = item });
            Assert.Contains("Directory: " + folder, listing);
            Assert.Equal(_shell.Render("$item", 120, new Dictionary<string, object?> { ["item"] = expected }), listing);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void The_README_lists_every_help_page()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string list = readme[readme.IndexOf("## Help pages", StringComparison.Ordinal)..];
        var pages = Directory.GetFiles(Path.Combine(root, "docs"), "*-SoData*.md").Append(Path.Combine(root, "docs", "about_SoData.md"));

        Assert.All(pages, page => Assert.Contains($"(docs/{Path.GetFileName(page)})", list));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SoData.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No SoData.sln above {AppContext.BaseDirectory}.");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _shell.Dispose();
}
