using System.Management.Automation;
using System.Text.Json;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Completers;

/// <summary>
/// <see cref="CompletionBudget"/> and the completers under it, on a sandbox whose every API call is slower than the
/// budget (--slow-rate 1) or fails (--fault-rate 1): a Tab never waits for more than its budget nor throws; what is
/// slow is offered by a later Tab from the same read (asked for once), what failed is asked for again. No timed
/// assertion: the sandbox's delay (2 s) is longer than the budget (1 s) whatever the machine's load.
/// </summary>
public sealed class CompletionBudgetTests
{
    private const string Devices = "GET /api/v1/ca/{ca}/devices";
    private const string Variables = "GET /api/v1/ca/{ca}/devices/{device}/variables";
    private const string Accounts = "GET /api/v1/ca";

    private static async Task<int> RequestsAsync(SandboxSession sandbox, string route)
    {
        using JsonDocument stats = await sandbox.Server.GetStatsAsync();
        return stats.RootElement.GetProperty("requests").TryGetProperty(route, out JsonElement n) ? n.GetInt32() : 0;
    }

    [Fact]
    public async Task A_slow_listing_is_offered_by_a_later_Tab_from_the_one_read_the_first_Tab_started()
    {
        using SandboxSession sandbox = SandboxSession.Start("--slow-rate", "1", "--slow-ms", "2000");
        string solink = sandbox.Accounts().Single(a => a.Name == "SoLink").Uuid!;
        var bound = Tab.Bound(("Session", sandbox.Session), ("CorporateAccountUuid", solink));
        var completer = new DeviceSerialNumberCompleter();
        List<CompletionResult> Press() => completer.CompleteArgument("Get-SoDataDevice", "SerialNumber", "1D1535", null!, bound).ToList();

        Assert.Equal(["1D1535"], Tab.Texts(Press())); // the budget is spent: only the word typed
        List<CompletionResult> later = Tab.Until(Press, r => r.Any(c => c.CompletionText == "1D15350041"));

        Assert.Contains("1D15350041", Tab.Texts(later));
        Assert.Equal(1, await RequestsAsync(sandbox, Devices));
    }

    [Fact]
    public async Task Slow_mapping_configs_give_nothing_at_first_not_the_well_known_ones_then_the_devices_own()
    {
        using SandboxSession sandbox = SandboxSession.Start("--slow-rate", "1", "--slow-ms", "2000");
        string solink = sandbox.Accounts().Single(a => a.Name == "SoLink").Uuid!;
        string device = (await sandbox.Client.ListDevicesAsync(solink, null, 0, 100, CancellationToken.None)).Results.Single(d => d.SerialNumber == "1D15350041").Uuid!;
        var bound = Tab.Bound(("Session", sandbox.Session), ("CorporateAccountUuid", solink), ("DeviceUuid", device));
        var ast = Tab.Command($"Get-SoDataDatapoint -DeviceUuid {device} -Series 'Unit|");
        List<CompletionResult> Press() => new StreamRefCompleter().CompleteArgument("Get-SoDataDatapoint", "Series", "'Unit|", ast, bound).ToList();

        Assert.Empty(Press());
        List<CompletionResult> later = Tab.Until(Press, r => r.Count > 0);

        Assert.NotEmpty(later);
        Assert.All(later, r => Assert.StartsWith("'Unit|", r.CompletionText));
        Assert.Equal(1, await RequestsAsync(sandbox, Variables));
    }

    [Fact]
    public async Task Slow_accounts_give_no_names_at_first_then_the_cached_ones()
    {
        using SandboxSession sandbox = SandboxSession.Start("--slow-rate", "1", "--slow-ms", "2000");
        var bound = Tab.Bound(("Session", sandbox.Session));
        List<CompletionResult> Press() => new CorporateAccountCompleter().CompleteArgument("Get-SoDataDevice", "CorporateAccount", "So", null!, bound).ToList();

        Assert.Empty(Press());
        Assert.Equal(["SoLink", "'Socomec Services'"], Tab.Texts(Tab.Until(Press, r => r.Count > 0)));
        Assert.Equal(["SoLink", "'Socomec Services'"], Tab.Texts(Press())); // from the session's cache now
        Assert.Equal(1, await RequestsAsync(sandbox, Accounts));
        Assert.NotNull(sandbox.Session.CorporateAccounts.Cached);
    }

    [Fact]
    public async Task When_the_API_fails_every_completer_offers_nothing_without_throwing_and_the_next_Tab_asks_again()
    {
        using SandboxSession sandbox = SandboxSession.Start("--fault-rate", "1");
        string ca = Guid.NewGuid().ToString(), device = Guid.NewGuid().ToString();

        Assert.Empty(new CorporateAccountCompleter().CompleteArgument("Get-SoDataSite", "CorporateAccount", "So", null!, Tab.Bound(("Session", sandbox.Session))));
        Assert.Null(CompletionBudget.AccountsOf(sandbox.Session));
        Assert.Equal(["Del"], Tab.Texts(new DeviceNameCompleter().CompleteArgument("Get-SoDataDevice", "Name", "Del", null!, Tab.Bound(("Session", sandbox.Session)))));
        Assert.Empty(new StreamRefCompleter().CompleteArgument("Get-SoDataDatapoint", "Series", "", Tab.Command($"Get-SoDataDatapoint -DeviceUuid {device} -Series "),
            Tab.Bound(("Session", sandbox.Session), ("CorporateAccountUuid", ca), ("DeviceUuid", device))));

        // A failed listing is not kept: each Tab (once the failure is in) asks the API again.
        var bound = Tab.Bound(("Session", sandbox.Session), ("CorporateAccountUuid", ca));
        var completer = new SiteNameCompleter();
        for (int press = 0; press < 15 && await RequestsAsync(sandbox, "GET /api/v1/ca/{ca}/sites") < 2; press++)
            Assert.Equal(["Ben"], Tab.Texts(completer.CompleteArgument("Get-SoDataSite", "Name", "Ben", null!, bound)));
        Assert.True(await RequestsAsync(sandbox, "GET /api/v1/ca/{ca}/sites") >= 2);
    }

    [Fact]
    public void ResultWithin_is_the_result_of_a_task_done_in_time_and_null_for_one_failed_or_not_done()
    {
        Assert.Equal("done", CompletionBudget.ResultWithin(Task.FromResult("done")));
        Assert.Null(CompletionBudget.ResultWithin(Task.FromException<string>(new InvalidOperationException("the API is down"))));
        Assert.Null(CompletionBudget.ResultWithin(new TaskCompletionSource<string>().Task)); // never done: the budget ends the wait
        Assert.True(CompletionBudget.Wait < CompletionBudget.BackgroundLimit);
    }
}
