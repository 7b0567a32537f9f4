using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Client
{
    /// <summary>
    /// Reads a take/skip listing one page at a time, so the caller can hand each page on before asking for the next.
    /// It advances skip by what actually came back, never by what it asked for: a server that caps take
    /// (or whose total changes under us) loses and repeats nothing.
    /// With a concurrency above 1, once the first page has told the total and the take the server really uses,
    /// the following pages are fetched ahead, several at once, and still handed out in order. A page that comes back
    /// shorter than that take before the end shows the listing moved: the pages fetched ahead are dropped and
    /// reading goes on from where that page really ended.
    /// A listing that makes no progress stops at once with an error naming the route (InvalidData), however long the
    /// server would go on: a page of objects all seen before (the same page again: a server that ignores skip), or an
    /// empty page before the total it states.
    /// </summary>
    internal sealed class PagedReader<T>
    {
        private readonly Func<long, int, CancellationToken, Task<Page<T>>> _fetch;
        private readonly int _pageSize;
        private readonly int _concurrency;
        private readonly Queue<Prefetch> _ahead = new Queue<Prefetch>();
        private CancellationTokenSource? _aheadCancellation;
        private long _skip;
        private long _scheduledSkip;
        private ulong _remaining;
        private int _serverTake;
        private bool _done;
        private readonly SeenObjects<T> _seen = new SeenObjects<T>();

        /// <param name="fetch">Fetches one page given skip and take.</param>
        /// <param name="pageSize">The take to ask for.</param>
        /// <param name="skip">Objects to skip on the server before the first one returned.</param>
        /// <param name="first">The most objects to return; ulong.MaxValue for all.</param>
        /// <param name="concurrency">How many pages may be in flight at once after the first.</param>
        public PagedReader(Func<long, int, CancellationToken, Task<Page<T>>> fetch, int pageSize, ulong skip = 0, ulong first = ulong.MaxValue, int concurrency = 1)
        {
            if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be at least 1.");
            if (concurrency < 1) throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, "The concurrency must be at least 1.");
            _fetch = fetch;
            _pageSize = pageSize;
            _concurrency = concurrency;
            _skip = skip > long.MaxValue ? long.MaxValue : (long)skip;
            _remaining = first;
            _done = first == 0;
        }

        /// <summary>The server's total from the latest page; null before the first page.</summary>
        public long? Total { get; private set; }

        /// <summary>The next page's objects, or null when the listing is exhausted.</summary>
        public async Task<IReadOnlyList<T>?> NextPageAsync(CancellationToken cancellationToken)
        {
            if (_done)
            {
                DropPrefetched();
                return null;
            }

            Page<T> page;
            int asked;
            if (_concurrency > 1 && _serverTake > 0)
            {
                Schedule(cancellationToken);
                Prefetch next = _ahead.Dequeue();
                asked = next.Take;
                page = await next.Task.ConfigureAwait(false);
            }
            else
            {
                asked = _remaining < (ulong)_pageSize ? (int)_remaining : _pageSize;
                page = await _fetch(_skip, asked, cancellationToken).ConfigureAwait(false);
            }

            Total = page.Total;
            List<T> results = page.Results ?? throw Stop(page, PagingProgress.MissingResults(page));
            if (results.Count == 0)
            {
                // An empty page ends the listing; before the stated total it is an error, since objects said to be there were never sent.
                _done = true;
                DropPrefetched();
                if (_skip < page.Total) throw Stop(page, PagingProgress.EmptyBeforeTotal(page, _skip));
                return null;
            }
            if (!_seen.AddNew(results))
                throw Stop(page, PagingProgress.NothingNew(page, _skip, results.Count));
            if ((ulong)results.Count > _remaining) results = results.GetRange(0, (int)_remaining);

            if (_serverTake == 0)
            {
                // The take the server really uses: what it says, else what it sent when that was less than asked.
                _serverTake = Math.Min(asked, page.Take is int told && told > 0 ? told : results.Count);
                _scheduledSkip = _skip + results.Count;
            }
            else if (results.Count < asked && _skip + results.Count < page.Total)
            {
                // A short page before the end: the listing changed. What was fetched ahead may overlap or leave a gap.
                DropPrefetched();
                _scheduledSkip = _skip + results.Count;
            }

            _skip += results.Count;
            _remaining -= (ulong)results.Count;
            _done = _remaining == 0 || _skip >= page.Total;
            if (_done) DropPrefetched();
            return results;
        }

        /// <summary>Ends the listing: drops what was fetched ahead, and returns the error to throw.</summary>
        private Exception Stop(Page<T> page, string message)
        {
            _done = true;
            DropPrefetched();
            return PagingProgress.Error(page.Route, message);
        }

        /// <summary>Every remaining object of the listing, for callers that need the whole list before going on.</summary>
        public async Task<List<T>> ReadAllAsync(CancellationToken cancellationToken)
        {
            var all = new List<T>();
            while (await NextPageAsync(cancellationToken).ConfigureAwait(false) is { } page) all.AddRange(page);
            return all;
        }

        /// <summary>Keeps up to the concurrency's worth of the following pages in flight.</summary>
        private void Schedule(CancellationToken cancellationToken)
        {
            if (_ahead.Count == 0) _scheduledSkip = Math.Max(_scheduledSkip, _skip);
            _aheadCancellation ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            long limit = Total ?? long.MaxValue;
            ulong unscheduled = _remaining == ulong.MaxValue ? ulong.MaxValue : _remaining - Math.Min(_remaining, (ulong)(_scheduledSkip - _skip));
            // Always keep the next page in flight, even if an out-of-date total says the listing ends here.
            while (_ahead.Count < _concurrency && unscheduled > 0 && (_scheduledSkip < limit || _ahead.Count == 0))
            {
                int take = unscheduled < (ulong)_serverTake ? (int)unscheduled : _serverTake;
                _ahead.Enqueue(new Prefetch(_scheduledSkip, take, _fetch(_scheduledSkip, take, _aheadCancellation.Token)));
                _scheduledSkip += take;
                if (unscheduled != ulong.MaxValue) unscheduled -= (ulong)take;
            }
        }

        /// <summary>Cancels the pages fetched ahead that will not be used, and observes their outcome.</summary>
        private void DropPrefetched()
        {
            if (_ahead.Count == 0) return;
            _aheadCancellation?.Cancel();
            foreach (Prefetch dropped in _ahead) dropped.Task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            _ahead.Clear();
            // Not disposed: the dropped requests may still be unwinding on their registrations.
            _aheadCancellation = null;
        }

        private readonly struct Prefetch
        {
            public Prefetch(long skip, int take, Task<Page<T>> task)
            {
                Skip = skip;
                Take = take;
                Task = task;
            }

            public long Skip { get; }
            public int Take { get; }
            public Task<Page<T>> Task { get; }
        }
    }
}
