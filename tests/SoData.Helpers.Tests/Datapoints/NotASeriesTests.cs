using System.Management.Automation;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>The error for an input that is not a variable: what it is, and what to give instead, with the command's name.</summary>
public sealed class NotASeriesTests
{
    [Fact]
    public void A_device_is_told_to_come_with_Series_or_through_Get_SoDataVariable()
    {
        ErrorRecord error = NotASeries.Error("Get-SoDataDatapoint", new PSObject(new Device { Name = "UPS 1" }));

        Assert.Equal(("InputNotAVariable", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
        Assert.StartsWith("-InputObject: the device 'UPS 1' is not a variable. To read a device, give the mapping configs with -Series ($device | Get-SoDataDatapoint -Series", error.Exception.Message);
    }

    [Theory]
    [InlineData("Global|0|140100", "'Global|0|140100' (a string) is not a variable")]
    [InlineData(42, "'42' (of type Int32) is not a variable")]
    public void Anything_else_says_what_it_is_and_what_the_command_reads(object input, string what)
    {
        ErrorRecord error = NotASeries.Error("Export-SoDataDatapoint", input);

        Assert.StartsWith($"-InputObject: {what}. Export-SoDataDatapoint reads variables", error.Exception.Message);
        Assert.Same(input, error.TargetObject);
    }
}
