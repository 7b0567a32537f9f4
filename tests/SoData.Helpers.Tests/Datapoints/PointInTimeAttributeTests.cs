using System.Management.Automation;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>-From and -To keep what the user meant: an instant (offset, Z, DateTimeOffset) or a wall-clock time (no offset).</summary>
public sealed class PointInTimeAttributeTests
{
    private static object? Transform(object? input) => new PointInTimeAttribute().Transform(null!, input);

    [Fact]
    public void An_offset_or_Z_is_an_instant_of_kind_Utc()
    {
        var fromText = Assert.IsType<DateTime>(Transform("2022-05-18T00:00:00+02:00"));
        var fromOffset = Assert.IsType<DateTime>(Transform(new PSObject(new DateTimeOffset(2022, 5, 18, 0, 0, 0, TimeSpan.FromHours(2)))));
        var fromZ = Assert.IsType<DateTime>(Transform("2022-05-18T06:00:00Z"));

        Assert.Equal((DateTimeKind.Utc, new DateTime(2022, 5, 17, 22, 0, 0)), (fromText.Kind, fromText));
        Assert.Equal(fromText, fromOffset);
        Assert.Equal((DateTimeKind.Utc, 6), (fromZ.Kind, fromZ.Hour));
    }

    [Fact]
    public void Text_without_an_offset_stays_a_wall_clock_time()
    {
        var wallClock = Assert.IsType<DateTime>(Transform(" 2022-05-18 06:00 "));
        Assert.Equal((DateTimeKind.Unspecified, new DateTime(2022, 5, 18, 6, 0, 0)), (wallClock.Kind, wallClock));
    }

    [Fact]
    public void A_DateTime_and_anything_unreadable_pass_as_they_are_for_PowerShells_conversion()
    {
        var local = new DateTime(2022, 5, 18, 6, 0, 0, DateTimeKind.Local);
        Assert.Equal(local, Transform(local));
        Assert.Equal("next tuesday", Transform("next tuesday"));
    }
}
