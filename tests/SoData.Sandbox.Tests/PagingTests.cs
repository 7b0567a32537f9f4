using System.Net;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

public sealed class SmallTakeFixture : SandboxFixture
{
    // 4 customers x 3 sites x 3 devices = 36 devices in each CA, served 5 at a time.
    protected override string[] Args => ["--max-take", "5", "--customers", "4", "--sites", "3"];
}

public class PagingTests(SmallTakeFixture fixture) : IClassFixture<SmallTakeFixture>
{
    [Fact]
    public async Task TakeAboveTheCap_IsCapped_AndTheUsedTakeIsReported()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);

        var page = await api.GetOkAsync($"api/v1/ca/{ca}/devices?take=50&skip=0");

        Assert.Equal(5, page.GetProperty("take").GetInt32());
        Assert.Equal(5, page.GetProperty("results").GetArrayLength());
        Assert.Equal(36, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task DefaultTake_Is50CappedByMaxTake()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);

        var page = await api.GetOkAsync($"api/v1/ca/{ca}/devices");

        Assert.Equal(5, page.GetProperty("take").GetInt32());
    }

    [Fact]
    public async Task SkipWalksEveryObjectOnce_InAStableOrder()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var ca = await GuideObjects.SoLinkAsync(api);

        var seen = new List<string>();
        for (var skip = 0; ; )
        {
            var page = await api.GetOkAsync($"api/v1/ca/{ca}/devices?take=7&skip={skip}");
            var results = page.GetProperty("results").EnumerateArray().Select(d => d.GetProperty("uuid").GetString()!).ToList();
            if (results.Count == 0) break;
            seen.AddRange(results);
            skip += results.Count; // advance by what came back, not by what was asked
        }

        Assert.Equal(36, seen.Count);
        Assert.Equal(36, seen.Distinct().Count());
        var again = await api.GetOkAsync($"api/v1/ca/{ca}/devices?take=5&skip=10");
        Assert.Equal(seen.Skip(10).Take(5), again.GetProperty("results").EnumerateArray().Select(d => d.GetProperty("uuid").GetString()!));
    }

    [Fact]
    public async Task SkipPastTheEnd_GivesAnEmptyPageWithTheTotal()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var page = await api.GetOkAsync("api/v1/ca?skip=100");

        Assert.Equal(0, page.GetProperty("results").GetArrayLength());
        Assert.Equal(2, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("take=0")]
    [InlineData("take=-1")]
    [InlineData("take=abc")]
    [InlineData("skip=-1")]
    [InlineData("skip=x")]
    public async Task BadPagingParameters_Are400WithAMessage(string query)
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var (status, json) = await api.GetAsync($"api/v1/ca?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Equal("Bad Request", json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task VariablesAndItemsAreListsOfTheSameShape()
    {
        using var api = await Api.ConnectAsync(fixture.Server);
        var (ca, device) = await GuideObjects.DelphysAsyncPaged(api);

        var variables = await api.GetOkAsync($"api/v1/ca/{ca}/devices/{device}/variables?take=100");
        Assert.Equal(12, variables.GetProperty("total").GetInt32());
        Assert.Equal(5, variables.GetProperty("take").GetInt32());
        Assert.Equal(5, variables.GetProperty("results").GetArrayLength());

        var items = await api.GetOkAsync($"api/v1/ca/{ca}/devices/{device}/items");
        Assert.True(items.GetProperty("total").GetInt32() >= 2);
    }
}
