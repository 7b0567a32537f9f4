using SoData.Client;
using Xunit;

namespace SoData.Tests.Client;

public class PagedReaderTests
{
    /// <summary>A listing of <paramref name="items"/> served by a fake server that caps take at <paramref name="cap"/>.</summary>
    private sealed class FakeListing(IList<int> items, int cap = int.MaxValue)
    {
        public List<(long Skip, int Take)> Requests { get; } = new();
        public Func<int, long>? TotalForRequest { get; set; }

        public Task<Page<int>> Fetch(long skip, int take, CancellationToken _)
        {
            Requests.Add((skip, take));
            int used = Math.Min(take, cap);
            var results = items.Skip((int)skip).Take(used).ToList();
            long total = TotalForRequest?.Invoke(Requests.Count) ?? items.Count;
            return Task.FromResult(new Page<int> { Total = total, Results = results, Take = used });
        }
    }

    private static async Task<List<int>> ReadAll(PagedReader<int> reader)
    {
        var all = new List<int>();
        while (await reader.NextPageAsync(CancellationToken.None) is { } page) all.AddRange(page);
        return all;
    }

    [Fact]
    public async Task NoResults_OneRequest_NothingReturned()
    {
        var server = new FakeListing(new List<int>());
        var reader = new PagedReader<int>(server.Fetch, pageSize: 10);
        Assert.Empty(await ReadAll(reader));
        Assert.Single(server.Requests);
        Assert.Equal(0, reader.Total);
    }

    [Fact]
    public async Task ExactlyOnePage_OneRequest()
    {
        var server = new FakeListing(Enumerable.Range(0, 10).ToList());
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10));
        Assert.Equal(Enumerable.Range(0, 10), all);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CappedTake_AdvancesByWhatCameBack_NothingLostOrRepeated()
    {
        var server = new FakeListing(Enumerable.Range(0, 23).ToList(), cap: 7);
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10));
        Assert.Equal(Enumerable.Range(0, 23), all);
        Assert.Equal(new long[] { 0, 7, 14, 21 }, server.Requests.Select(r => r.Skip));
    }

    [Fact]
    public async Task TotalGrowingBetweenPages_FollowsTheLatestTotal()
    {
        var items = Enumerable.Range(0, 25).ToList();
        // The first page claims 12 objects; by the second request the server has 25.
        var server = new FakeListing(items) { TotalForRequest = n => n == 1 ? 12 : 25 };
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10));
        Assert.Equal(items, all);
    }

    [Fact]
    public async Task TotalShrinkingBetweenPages_StopsAtTheNewTotal()
    {
        var server = new FakeListing(Enumerable.Range(0, 30).ToList()) { TotalForRequest = n => n == 1 ? 30 : 15 };
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10));
        Assert.Equal(Enumerable.Range(0, 20), all);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task EmptyPageBeforeTotalIsReached_StopsWithAnErrorAfterThatPage()
    {
        // The server says 50 but only ever has 12: an empty page ends the listing with an error, not a loop or a silent end.
        var server = new FakeListing(Enumerable.Range(0, 12).ToList()) { TotalForRequest = _ => 50 };
        var reader = new PagedReader<int>(server.Fetch, pageSize: 5);
        var read = new List<int>();
        var error = await Assert.ThrowsAsync<SoDataApiException>(async () =>
        {
            while (await reader.NextPageAsync(CancellationToken.None) is { } page) read.AddRange(page);
        });
        Assert.Equal(Enumerable.Range(0, 12), read);
        Assert.Equal(4, server.Requests.Count);
        Assert.Contains("empty page after 12 of the 50", error.Message);
        Assert.Null(await reader.NextPageAsync(CancellationToken.None));
    }

    [Fact]
    public async Task APageOfObjectsAllSeenBefore_StopsWithAnErrorAfterOneRepeatedPage()
    {
        // A server that ignores skip: the same page of 5 every time, with a total of 12.
        var server = new FakeListing(Enumerable.Range(0, 5).ToList()) { TotalForRequest = _ => 12 };
        var ignoringSkip = new Func<long, int, CancellationToken, Task<Page<int>>>((skip, take, token) => server.Fetch(0, take, token));
        var reader = new PagedReader<int>(ignoringSkip, pageSize: 5);
        Assert.Equal(5, (await reader.NextPageAsync(CancellationToken.None))!.Count);
        var error = await Assert.ThrowsAsync<SoDataApiException>(() => reader.NextPageAsync(CancellationToken.None));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("all read before", error.Message);
    }

    [Fact]
    public async Task APageWithoutItsList_IsAnError_NotAnEmptyListing()
    {
        var reader = new PagedReader<int>((skip, take, token) => Task.FromResult(new Page<int> { Total = 8, Results = null! }), pageSize: 5);
        var error = await Assert.ThrowsAsync<SoDataApiException>(() => reader.NextPageAsync(CancellationToken.None));
        Assert.Contains("\"results\" is null or missing", error.Message);
        Assert.Contains("total of 8", error.Message);
    }

    [Fact]
    public void ObjectsAreKnownByUuidInAnyCase_OrByTheirJsonText()
    {
        var accounts = new SeenObjects<CorporateAccount>();
        Assert.True(accounts.AddNew(new[] { new CorporateAccount { Uuid = "3756C84B-8697-446F-9CA3-931B3681F908", Name = "A" } }));
        Assert.False(accounts.AddNew(new[] { new CorporateAccount { Uuid = "3756c84b-8697-446f-9ca3-931b3681f908", Name = "A again" } }));
        Assert.True(accounts.AddNew(new[] { new CorporateAccount { Uuid = "3756c84b-8697-446f-9ca3-931b3681f908" }, new CorporateAccount { Uuid = "b" } }));

        var json = new SeenObjects<System.Text.Json.JsonElement>();
        static System.Text.Json.JsonElement Parse(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(json.AddNew(new[] { Parse("""{"uuid":"A"}"""), Parse("""{"name":"x"}""") }));
        Assert.False(json.AddNew(new[] { Parse("""{"uuid":"a","other":1}"""), Parse("""{"name":"x"}""") }));
        Assert.True(json.AddNew(Array.Empty<System.Text.Json.JsonElement>()));
    }

    [Fact]
    public async Task FirstAndSkip_AskOnlyForWhatIsNeeded()
    {
        var server = new FakeListing(Enumerable.Range(0, 100).ToList());
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10, skip: 5, first: 12));
        Assert.Equal(Enumerable.Range(5, 12), all);
        Assert.Equal(new[] { (5L, 10), (15L, 2) }, server.Requests);
    }

    [Fact]
    public async Task FirstZero_MakesNoRequest()
    {
        var server = new FakeListing(Enumerable.Range(0, 10).ToList());
        Assert.Empty(await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10, first: 0)));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void PageSizeBelowOne_IsRejected()
    {
        var server = new FakeListing(new List<int>());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PagedReader<int>(server.Fetch, pageSize: 0));
        Assert.Equal("pageSize", error.ParamName);
    }
}
