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
    /// </summary>
    public sealed class PagedReader<T>
    {
        private readonly Func<long, int, CancellationToken, Task<Page<T>>> _fetch;
        private readonly int _pageSize;
        private long _skip;
        private ulong _remaining;
        private bool _done;

        /// <param name="fetch">Fetches one page given skip and take.</param>
        /// <param name="pageSize">The take to ask for.</param>
        /// <param name="skip">Objects to skip on the server before the first one returned.</param>
        /// <param name="first">The most objects to return; ulong.MaxValue for all.</param>
        public PagedReader(Func<long, int, CancellationToken, Task<Page<T>>> fetch, int pageSize, ulong skip = 0, ulong first = ulong.MaxValue)
        {
            if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be at least 1.");
            _fetch = fetch;
            _pageSize = pageSize;
            _skip = skip > long.MaxValue ? long.MaxValue : (long)skip;
            _remaining = first;
            _done = first == 0;
        }

        /// <summary>The server's total from the latest page; null before the first page.</summary>
        public long? Total { get; private set; }

        /// <summary>How many pages have been requested.</summary>
        public int PagesRead { get; private set; }

        /// <summary>The next page's objects, or null when the listing is exhausted.</summary>
        public async Task<IReadOnlyList<T>?> NextPageAsync(CancellationToken cancellationToken)
        {
            if (_done) return null;
            int take = _remaining < (ulong)_pageSize ? (int)_remaining : _pageSize;
            Page<T> page = await _fetch(_skip, take, cancellationToken).ConfigureAwait(false);
            PagesRead++;
            Total = page.Total;
            List<T> results = page.Results ?? new List<T>();

            if (results.Count == 0)
            {
                // An empty page ends the listing even if total says there is more: asking again would loop forever.
                _done = true;
                return null;
            }
            if ((ulong)results.Count > _remaining) results = results.GetRange(0, (int)_remaining);

            _skip += results.Count;
            _remaining -= (ulong)results.Count;
            _done = _remaining == 0 || _skip >= page.Total;
            return results;
        }
    }
}
