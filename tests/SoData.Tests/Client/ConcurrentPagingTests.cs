using SoData.Client;
using Xunit;

namespace SoData.Tests.Client;

/// <summary>The reader with pages fetched ahead: same objects, same order, bounded in flight.</summary>
public class ConcurrentPagingTests
{
    /// <summary>A fake listing that caps take and answers after a short delay.</summary>
    private sealed class SlowListing(IList<int> items, int cap)
    {
        public int Requests;
        public Func<long, IList<int>>? ItemsAt { get; set; }
        public Func<long, int>? CapAt { get; set; }

        public async Task<Page<int>> Fetch(long skip, int take, CancellationToken token)
        {
            Interlocked.Increment(ref Requests);
            await Task.Delay(20, token);
            IList<int> source = ItemsAt?.Invoke(skip) ?? items;
            int used = Math.Min(take, CapAt?.Invoke(skip) ?? cap);
            return new Page<int> { Total = source.Count, Results = source.Skip((int)skip).Take(used).ToList(), Take = used };
        }
    }

    /// <summary>
    /// A listing that holds each page until the reader has as many pages in flight as its concurrency allows, or has
    /// asked for the first or the last page: how many pages are in flight at once then depends on the reader alone,
    /// not on how fast pages come back or how threads are scheduled.
    /// </summary>
    private sealed class GatedListing(IList<int> items, int cap, int concurrency)
    {
        private readonly List<TaskCompletionSource> _held = new();
        private int _inFlight;
        public int MaxInFlight;
        public int Requests;

        public async Task<Page<int>> Fetch(long skip, int take, CancellationToken token)
        {
            int used = Math.Min(take, cap);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_held)
            {
                Requests++;
                MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
                _held.Add(gate);
                if (skip == 0 || skip + used >= items.Count || _inFlight == concurrency)
                {
                    foreach (var held in _held) held.SetResult();
                    _held.Clear();
                }
            }
            await gate.Task.WaitAsync(token);
            lock (_held) _inFlight--;
            return new Page<int> { Total = items.Count, Results = items.Skip((int)skip).Take(used).ToList(), Take = used };
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
        var server = new GatedListing(Enumerable.Range(0, 200).ToList(), cap: 7, concurrency: 4);
        // The wait only ends a reader that never reaches 4 pages in flight (the listing would hold its pages forever).
        var all = await ReadAll(new PagedReader<int>(server.Fetch, pageSize: 100, concurrency: 4)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(Enumerable.Range(0, 200), all);
        Assert.Equal(4, server.MaxInFlight);
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
