using System.Management.Automation;
using System.Security;
using System.Text.Json;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Support;

/// <summary>
/// One sandbox on a free loopback port for the datapoints helpers' tests (a collection: they run one after the other,
/// so the sandbox's request counts are each test's own after <see cref="ResetStatsAsync"/>), with a session on it as
/// Connect-SoData -AccessToken would make, and the guide's objects: SoLink and its Delphys GP2.
/// </summary>
public sealed class DatapointsSandbox : IDisposable
{
    public const string Collection = "Datapoints sandbox";
    public const string LoadRate = "Global|0|140100";
    public const string Frequency = "Global|0|140108";

    public DatapointsSandbox()
    {
        Server = SandboxServer.Start();
        var token = new SecureString();
        foreach (char c in Server.GetTokenAsync().GetAwaiter().GetResult()) token.AppendChar(c);
        var client = new SoDataClient(new SoDataClientOptions(Server.BaseUri) { MaxRetries = 0 }, new StaticTokenSource(token));
        Session = new SoDataSession(client, Server.BaseUri, SandboxServer.Realm, SandboxServer.ClientId, null, "AccessToken");
        Ca = client.ListCorporateAccountsAsync(0, 100, CancellationToken.None).GetAwaiter().GetResult().Results.Single(a => a.Name == "SoLink").Uuid!;
        Devices = client.ListDevicesAsync(Ca, null, 0, 100, CancellationToken.None).GetAwaiter().GetResult().Results;
        Delphys = Devices.Single(d => d.SerialNumber == "1D15350041");
    }

    public SandboxServer Server { get; }
    public SoDataSession Session { get; }
    public string Ca { get; }
    public List<Device> Devices { get; }
    public Device Delphys { get; }

    /// <summary>A well-formed uuid no device has: the API answers 404 for it.</summary>
    public const string NoSuchDevice = "00000000-0000-4000-8000-000000000000";

    public Task ResetStatsAsync() => Server.ResetStatsAsync();

    /// <summary>How many requests the sandbox counted for a route, e.g. "PUT /api/v1/ca/{ca}/datapoints".</summary>
    public async Task<int> RequestsAsync(string route)
    {
        using JsonDocument stats = await Server.GetStatsAsync();
        return stats.RootElement.GetProperty("requests").TryGetProperty(route, out JsonElement n) ? n.GetInt32() : 0;
    }

    public Task<int> DatapointsRequestsAsync() => RequestsAsync("PUT /api/v1/ca/{ca}/datapoints");

    public void Dispose()
    {
        Session.Dispose();
        Server.Dispose();
    }
}

[CollectionDefinition(DatapointsSandbox.Collection)]
public sealed class DatapointsSandboxCollection : ICollectionFixture<DatapointsSandbox>;

/// <summary>The range parameters of a datapoints command, as a test sets them (the defaults are the cmdlets').</summary>
public sealed class TestDatapointsParameters : IDatapointsParameters
{
    public DateTime From { get; set; }
    public DateTime To { get; set; }
    public CalendarRange Range { get; set; }
    public Granularity Granularity { get; set; } = Granularity.Raw;
    public Aggregation Aggregation { get; set; } = Aggregation.Avg;
    public string TimeZone { get; set; } = "UTC";
    public SwitchParameter UseDeviceLocalTimezone { get; set; }
    public int BatchSize { get; set; } = DatapointsPlanner.DefaultBatchSize;

    /// <summary>A day of instants (UTC), as -From and -To with a Z.</summary>
    public static TestDatapointsParameters Day(DateTime day) => new()
    {
        From = DateTime.SpecifyKind(day, DateTimeKind.Utc),
        To = DateTime.SpecifyKind(day.AddDays(1), DateTimeKind.Utc),
    };

    /// <summary>The parameters a user would have typed to get these values.</summary>
    public static readonly string[] FromTo = ["From", "To"];
}
