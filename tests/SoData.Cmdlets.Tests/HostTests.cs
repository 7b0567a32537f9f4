using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>What the other tests stand on: the shipped module, loaded by the PowerShell this project hosts.</summary>
[Collection(ModuleCollection.Name)]
public sealed class HostTests(ModuleFixture module) : IDisposable
{
    private readonly Shell _shell = module.Connected();

    [Fact]
    public void The_module_is_the_shipped_one_from_out_SoData_not_a_copy_beside_the_tests()
    {
        PSObject loaded = Assert.Single(_shell.Get("Get-Module SoData"));
        var info = (PSModuleInfo)loaded.BaseObject;

        string folder = Path.GetDirectoryName(module.ModulePath)!;
        Assert.Equal(Path.Combine(folder, "SoData.dll"), info.ImplementingAssembly.Location);
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "SoData.dll")), "SoData.dll must not be built into the test output");
        var manifest = _shell.Get("(Import-PowerShellDataFile $path).CmdletsToExport", new Dictionary<string, object?> { ["path"] = module.ModulePath });
        Assert.Equal(manifest.Select(c => c.ToString()).Order(), info.ExportedCmdlets.Keys.Order());
    }

    [Fact]
    public void Each_test_has_its_own_runspace_and_session()
    {
        using Shell other = module.Connected();

        string mine = _shell.Get("(Get-SoDataSession).Id")[0].ToString();
        string theirs = other.Get("(Get-SoDataSession).Id")[0].ToString();

        Assert.NotEqual(mine, theirs);
        other.Get("Disconnect-SoData");
        Assert.Equal(mine, _shell.Get("(Get-SoDataSession).Id")[0].ToString());
    }

    public void Dispose() => _shell.Dispose();
}
