using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>The temporary-file-then-rename commit: a file appears whole or not at all.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private string[] Leftovers() => Directory.GetFiles(_folder, "*.tmp");

    [Fact]
    public void NothingAppearsUntilTheCommit()
    {
        string target = Path.Combine(_folder, "out.csv");
        using (var file = AtomicFile.Create(target))
        {
            file.Stream.Write("a,b\n"u8);
            Assert.False(File.Exists(target));
            Assert.Single(Leftovers());
            Assert.StartsWith(".", Path.GetFileName(file.TemporaryPath));
            Assert.True(file.Commit(replace: false));
        }
        Assert.Equal("a,b\n", File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void WithoutACommitTheTemporaryFileIsDeletedAndTheTargetUntouched()
    {
        string target = Path.Combine(_folder, "out.xlsx");
        File.WriteAllText(target, "previous");
        using (var file = AtomicFile.Create(target)) file.Stream.Write("half a workbook"u8);
        Assert.Equal("previous", File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void AnExistingTargetIsReplacedOnlyWhenAskedTo()
    {
        string target = Path.Combine(_folder, "out.csv");
        File.WriteAllText(target, "previous");
        using (var file = AtomicFile.Create(target))
        {
            file.Stream.Write("new"u8);
            Assert.False(file.Commit(replace: false));
        }
        Assert.Equal("previous", File.ReadAllText(target));
        Assert.Empty(Leftovers());

        using (var file = AtomicFile.Create(target))
        {
            file.Stream.Write("new"u8);
            Assert.True(file.Commit(replace: true));
        }
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }
}
