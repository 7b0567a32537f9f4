using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

public sealed class SheetNamesTests
{
    [Fact]
    public void NamesAreMadeValidForExcel()
    {
        var names = new SheetNames();
        Assert.Equal("a_b_c_d_e_f_g_", names.Take("a:b\\c/d?e*f[g]"));
        Assert.Equal("quoted", names.Take("'quoted'"));
        Assert.Equal("Sheet", names.Take("  "));
        Assert.Equal("history_", names.Take("history")); // "History" is Excel's own
        Assert.Equal(new string('x', 31), names.Take(new string('x', 40)));
    }

    [Fact]
    public void ASecondNameIsNumberedWithinThe31Characters()
    {
        var names = new SheetNames();
        Assert.Equal("Ups", names.Take("Ups"));
        Assert.Equal("ups (2)", names.Take("ups")); // Excel compares names without case
        Assert.Equal("Ups (3)", names.Take("Ups"));
        string longName = new string('x', 40);
        Assert.Equal(new string('x', 31), names.Take(longName));
        Assert.Equal(new string('x', 27) + " (2)", names.Take(longName));
    }

    [Fact]
    public void ACutNeverSplitsASurrogatePair()
    {
        string name = new string('x', 30) + "\U0001F50B"; // a battery emoji: two chars, the 31st and 32nd
        Assert.Equal(new string('x', 30), new SheetNames().Take(name));
    }
}
