using System.Management.Automation;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>A cmdlet that only resolves its -Path/-LiteralPath, as Export-SoDataDatapoint does.</summary>
[Cmdlet(VerbsDiagnostic.Resolve, "TestFile")]
public sealed class ResolveTestFileCommand : PSCmdlet
{
    [Parameter]
    public string? Path { get; set; }

    [Parameter]
    public string? LiteralPath { get; set; }

    protected override void EndProcessing() => WriteObject(FileSystemPaths.ResolveOneFile(this, Path, LiteralPath));
}

/// <summary>
/// <see cref="FileSystemPaths"/> needs a cmdlet's SessionState (PowerShell's current location and providers), so it
/// runs in an in-process runspace with a one-line cmdlet of its own: relative paths, wildcards, literal paths and
/// other providers.
/// </summary>
public sealed class FileSystemPathsTests : IDisposable
{
    private readonly TestRunspace _shell = new(("Resolve-TestFile", typeof(ResolveTestFileCommand)));
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-paths-").FullName;

    public FileSystemPathsTests()
    {
        foreach (string name in new[] { "a.csv", "b.csv", "[x].csv", "one.xlsx" }) File.WriteAllText(Path.Combine(_folder, name), string.Empty);
    }

    public void Dispose()
    {
        _shell.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private (List<PSObject> Output, List<ErrorRecord> Errors) Resolve(string arguments) =>
        _shell.Run($"Set-Location -LiteralPath $args[0]; Resolve-TestFile {arguments}", _folder);

    [Fact]
    public void A_relative_path_is_from_PowerShells_current_location_and_may_name_a_file_not_made_yet()
    {
        Assert.Equal(Path.Combine(_folder, "new.xlsx"), Assert.Single(Resolve("-Path new.xlsx").Output).BaseObject);
    }

    [Fact]
    public void Wildcards_must_match_one_file()
    {
        Assert.Equal(Path.Combine(_folder, "one.xlsx"), Assert.Single(Resolve("-Path *.xlsx").Output).BaseObject);

        var (output, errors) = Resolve("-Path *.csv");
        Assert.Empty(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith("PathNotUnique,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("-Path '*.csv' matches 3 files: it must name one file. Use -LiteralPath", error.Exception.Message);
    }

    [Fact]
    public void A_literal_path_keeps_its_wildcard_characters()
    {
        Assert.Equal(Path.Combine(_folder, "[x].csv"), Assert.Single(Resolve("-LiteralPath '[x].csv'").Output).BaseObject);
    }

    [Fact]
    public void A_path_of_another_provider_ends_the_command()
    {
        var (output, errors) = Resolve("-LiteralPath Env:\\PATH");
        Assert.Empty(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.StartsWith("NotAFileSystemPath,", error.FullyQualifiedErrorId);
        Assert.StartsWith("-LiteralPath 'Env:\\PATH' is on the Environment provider: give a file system path.", error.Exception.Message);
    }
}
