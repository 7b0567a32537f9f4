using System.Collections;
using System.Management.Automation;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>-InputObject's transformation: what cannot be a series becomes a stand-in the run refuses in words; the rest passes unchanged.</summary>
public sealed class SeriesInputAttributeTests
{
    private static object? Transform(object? input) => new SeriesInputAttribute().Transform(null!, input);

    [Fact]
    public void Variables_and_rows_that_may_convert_to_one_pass_unchanged()
    {
        var variable = new Variable { StreamRef = "Global|0|140100" };
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("Series", "Global|0|140100"));
        Hashtable table = new() { ["StreamRef"] = "Global|0|140100" };

        Assert.Same(variable, Transform(variable));
        Assert.Same(row, Transform(row));
        Assert.Same(table, Transform(table));
        Assert.Null(Transform(null));
    }

    [Fact]
    public void A_device_or_a_string_becomes_a_stand_in_that_remembers_it()
    {
        var device = new Device { Name = "UPS" };

        var standIn = Assert.IsType<Variable>(Transform(device));

        Assert.True(SeriesInputAttribute.IsStandIn(standIn, out object? input));
        Assert.Same(device, input);
        Assert.False(SeriesInputAttribute.IsStandIn(new Variable(), out _));
    }

    [Fact]
    public void Each_element_of_an_array_is_taken_on_its_own()
    {
        var variable = new Variable();
        object[] result = Assert.IsType<object[]>(Transform(new object[] { variable, "text" }));

        Assert.Same(variable, result[0]);
        Assert.True(SeriesInputAttribute.IsStandIn((Variable)result[1], out object? input));
        Assert.Equal("text", input);
    }
}
