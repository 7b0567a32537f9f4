using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>How messages name a device: its name when known, always its uuid.</summary>
public sealed class DeviceNamesTests
{
    [Theory]
    [InlineData("u1", "UPS 1", "device 'UPS 1' (u1)", "'UPS 1' (u1)")]
    [InlineData("u1", null, "device u1", "u1")]
    [InlineData("u1", "", "device u1", "u1")]
    public void The_name_goes_with_the_uuid(string uuid, string? name, string described, string named)
    {
        Assert.Equal(described, DeviceNames.Describe(uuid, name));
        Assert.Equal(named, DeviceNames.Name(uuid, name));
    }
}
