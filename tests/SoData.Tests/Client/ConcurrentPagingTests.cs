using SoData.Client;
using Xunit;

namespace SoData.Tests.Client;

/// <summary>The reader with pages fetched ahead: same objects, same order, bounded in flight.</summary>
public class ConcurrentPagingTests
{
    /// <summary>A fake listing that caps take, tracks how many requests overlap, and answers after a short delay.</summary>
    private sealed class SlowListing(IList<int> items, int cap)
    {
        private int _inFlight;
        public int MaxInFlight;
        public int Requests;
        public Func<long, IList<int>>? ItemsAt { get; set; }
        public Func<long, int>? CapAt { get; set; }

        public async Task<Page<int>> Fetch(long skip, int take, CancellationToken token)
        {
            Interlocked.Increment(ref Requests);
            int now = Interlocked.Increment(ref _inFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                await Task.Delay(20, token);
                IList<int> source = ItemsAt?.Invoke(skip) ?? items;
                int used = Math.Min(take, CapAt?.Invoke(skip) ?? cap);
                return new Page<int> { Total = source.Count, Results = source.Skip((int)skip).Take(used).ToList(), Take = used };
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private static async Task<List<int>> ReadAll(PagedReader<int> reader)
    {
        var all = new List<int>();
        while (await reader.NextPageAsync(CancellationToken.None) is { } page) all.AddRange(page);
        return all;
    }

    [Fact]
    public async Task PagesFetchedAhead_ComeBackInOrder_EachOnce_WithinTheLimit()
    {
        var server = new SlowListing(Enumerable.Range(0, 200).ToList(), cap: 7);
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 100, concurrency: 4));
        Assert.Equal(Enumerable.Range(0, 200), all);
        Assert.InRange(server.MaxInFlight, 2, 4);
        Assert.Equal(29, server.Requests); // ceil(200 / 7): no page asked twice, none past the end
    }

    [Fact]
    public async Task FirstIsHonoured_AndNothingIsAskedBeyondIt()
    {
        var server = new SlowListing(Enumerable.Range(0, 200).ToList(), cap: 10);
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10, skip: 3, first: 25, concurrency: 8));
        Assert.Equal(Enumerable.Range(3, 25), all);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task ShortPageBeforeTheEnd_DropsWhatWasFetchedAhead_AndGoesOnFromWhereItEnded()
    {
        // The page at skip 30 comes back with 5 objects instead of 10 while the total still says 100: the pages
        // fetched ahead from 40 on would leave 35..39 out. They must be dropped and reading go on from 35.
        var items = Enumerable.Range(0, 100).ToList();
        var server = new SlowListing(items, cap: 10) { CapAt = skip => skip == 30 ? 5 : 10 };
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10, concurrency: 4));
        Assert.Equal(items, all);
    }

    [Fact]
    public async Task TotalGrowingWhileFetchingAhead_ReadsTheNewObjectsToo()
    {
        var small = Enumerable.Range(0, 25).ToList();
        var large = Enumerable.Range(0, 55).ToList();
        var server = new SlowListing(small, cap: 10) { ItemsAt = skip => skip == 0 ? small : large };
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 10, concurrency: 3));
        Assert.Equal(large, all);
    }

    [Fact]
    public void ConcurrencyBelowOne_IsRejected()
    {
        var server = new SlowListing(new List<int>(), cap: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PagedReader<int>(server.Fetch, pageSize: 1, concurrency: 0));
        Assert.Equal("concurrency", error.ParamName);
    }
}
