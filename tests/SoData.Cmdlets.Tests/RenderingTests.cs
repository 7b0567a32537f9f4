using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// <see cref="Shell.Render"/>, the helper for tests of the module's format views (e.g. Get-SoDataDevice at 80 and 160
/// columns): the views themselves are asserted by the tests that own them.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class RenderingTests(ModuleFixture module) : IDisposable
{
    private readonly Shell _shell = module.Connected();

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    public void Renders_at_the_width_asked(int width)
    {
        string text = _shell.Render("[pscustomobject]@{ Name = 'wide'; Text = 'word ' * 100 } | Format-Table -Wrap", width);

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains(lines, l => l.TrimStart().StartsWith("wide"));
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        Assert.Contains(lines, l => l.Length > width - 10); // the width is used, not a narrower default
    }

    public void Dispose() => _shell.Dispose();
}
