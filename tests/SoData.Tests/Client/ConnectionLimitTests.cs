using SoData.Client;
using Xunit;

namespace SoData.Tests.Client;

/// <summary>Windows PowerShell 5.1 allows 2 connections per host by default: -ThrottleLimit must raise it, never lower it.</summary>
public class ConnectionLimitTests
{
    [Fact]
    public void OnTheNetFrameworkTheLimitIsRaisedToTheThrottleLimit() =>
        Assert.Equal(8, ConnectionLimit.Raise(servicePointsApply: true, current: 2, concurrentRequests: 8));

    [Fact]
    public void ALargerLimitAlreadyInUseIsKept()
    {
        Assert.Null(ConnectionLimit.Raise(servicePointsApply: true, current: 16, concurrentRequests: 8));
        Assert.Null(ConnectionLimit.Raise(servicePointsApply: true, current: 8, concurrentRequests: 8));
    }

    [Fact]
    public void OnDotNetCoreNothingIsChanged() =>
        Assert.Null(ConnectionLimit.Raise(servicePointsApply: false, current: 2, concurrentRequests: 8));
}
