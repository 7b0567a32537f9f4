using System.Text.Json;
using SoData.Client;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests.Support;

/// <summary>
/// A sandbox whose SoLink devices are in several zones (customers 3 x sites 4 reach the United Kingdom and the United
/// States, as the Pester SyncDeviceZones and PivotDeviceZones tests use), shared by the -UseDeviceLocalTimezone helpers'
/// tests (a collection: one test at a time, so the request counts are each test's own after a reset).
/// </summary>
public sealed class ZonedSandbox : IDisposable
{
    public const string Collection = "Zoned sandbox";
    public const string NoSuchDevice = "00000000-0000-4000-8000-000000000000";

    public ZonedSandbox()
    {
        Sandbox = SandboxSession.Start("--customers", "3", "--sites", "4");
        Ca = Sandbox.Accounts().Single(a => a.Name == "SoLink").Uuid!;
        Devices = Sandbox.Client.ListDevicesAsync(Ca, null, 0, 100, CancellationToken.None).GetAwaiter().GetResult().Results;
        Paris = Devices.Single(d => d.SerialNumber == "1D15350041");
        London = Devices.Single(d => d.SerialNumber == "P486271014");
        NewYork = Devices.Single(d => d.SerialNumber == "P486271022");
    }

    public SandboxSession Sandbox { get; }
    internal SoDataSession Session => Sandbox.Session;
    public string Ca { get; }
    public List<Device> Devices { get; }
    public Device Paris { get; }
    public Device London { get; }
    public Device NewYork { get; }

    public Task ResetStatsAsync() => Sandbox.Server.ResetStatsAsync();

    /// <summary>How many device listings the sandbox counted (the zones are found in them).</summary>
    public async Task<int> DeviceListingsAsync()
    {
        using JsonDocument stats = await Sandbox.Server.GetStatsAsync();
        return stats.RootElement.GetProperty("requests").TryGetProperty("GET /api/v1/ca/{ca}/devices", out JsonElement n) ? n.GetInt32() : 0;
    }

    public void Dispose() => Sandbox.Dispose();
}

[CollectionDefinition(ZonedSandbox.Collection)]
public sealed class ZonedSandboxCollection : ICollectionFixture<ZonedSandbox>;
