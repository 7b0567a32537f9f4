using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>-PivotHeader must name fields of a series; the rule says which ones exist.</summary>
public sealed class PivotHeaderAttributeTests
{
    [Theory]
    [InlineData("{DeviceName} {Title} ({Unit})")]
    [InlineData("{StreamRef}")]
    public void A_template_of_known_fields_passes(string? template) => Assert.Null(new PivotHeaderAttribute().Check(template));

    [Theory]
    [InlineData("{Device} ({Unit})", "{Device}")]
    [InlineData("no field", "DeviceName")]
    [InlineData(null, "empty")]
    public void A_template_that_is_empty_names_no_field_or_an_unknown_one_is_refused_saying_what_exists(string? template, string mentioned)
    {
        var rule = new PivotHeaderAttribute();
        string? problem = rule.Check(template);

        Assert.Equal("InvalidPivotHeader", rule.ErrorId);
        Assert.NotNull(problem);
        Assert.Contains(mentioned, problem);
    }
}
