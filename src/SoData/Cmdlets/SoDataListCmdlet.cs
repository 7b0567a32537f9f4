using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// A cmdlet that streams a take/skip listing: each page's objects reach the pipeline before the next page is
    /// asked for, so `| Select-Object -First 1` makes one request. -First and -Skip (SupportsPaging) count over
    /// the whole command, across every piped parent; they are sent to the server when no client-side filter applies.
    /// </summary>
    public abstract class SoDataListCmdlet : SoDataApiCmdlet
    {
        private ulong _skipLeft;
        private ulong _firstLeft;

        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _skipLeft = PagingParameters?.Skip ?? 0;
            _firstLeft = PagingParameters?.First ?? ulong.MaxValue;
        }

        /// <summary>True once -First objects have been written: later input needs no request at all.</summary>
        protected bool FirstReached => _firstLeft == 0;

        protected override bool ListingWasComplete => !FirstReached && (PagingParameters?.Skip ?? 0) == 0;

        /// <summary>
        /// Streams one listing to the pipeline. With <paramref name="keep"/> (a filter the API lacks) paging is
        /// applied after filtering, on this side.
        /// </summary>
        /// <returns>How many objects passed the filter, whether written or skipped.</returns>
        protected long WriteListing<T>(
            Func<long, int, CancellationToken, Task<Page<T>>> fetch,
            Func<T, bool>? keep,
            Action<T> write)
        {
            if (FirstReached) return 0;
            bool clientSide = keep != null;
            var reader = new PagedReader<T>(fetch, PageSize, clientSide ? 0 : _skipLeft, clientSide ? ulong.MaxValue : _firstLeft, Concurrency);
            long matched = 0;
            bool totalWritten = false;

            while (!FirstReached)
            {
                IReadOnlyList<T>? page = Await(token => reader.NextPageAsync(token));
                if (!clientSide && !totalWritten && reader.Total.HasValue && PagingParameters?.IncludeTotalCount == true)
                {
                    WriteObject(PagingParameters.NewTotalCount((ulong)Math.Max(0, reader.Total.Value), 1.0));
                    totalWritten = true;
                }
                if (page == null) break;

                foreach (T item in page)
                {
                    if (keep != null && !keep(item)) continue;
                    matched++;
                    if (clientSide && _skipLeft > 0)
                    {
                        _skipLeft--;
                        continue;
                    }
                    write(item);
                    if (_firstLeft != ulong.MaxValue) _firstLeft--;
                    if (FirstReached) break;
                }
            }

            // What the server skipped for us counts against -Skip for the next parent's listing.
            if (!clientSide) _skipLeft -= Math.Min(_skipLeft, (ulong)Math.Max(0, reader.Total ?? 0));
            return matched;
        }

        /// <summary>
        /// Streams one listing per input while the listings of the next inputs are already being read
        /// (-ThrottleLimit at once), writing in input order: many devices piped into Get-SoDataVariable do not wait
        /// on each other. With -First, -Skip or -IncludeTotalCount the listing is streamed at once instead, so those
        /// count exactly and stop early. Call CompletePending in EndProcessing.
        /// </summary>
        /// <param name="done">Runs once the listing is written (not after a failure), e.g. to report names that matched nothing.</param>
        protected void EnqueueListing<T>(object? target, Func<long, int, CancellationToken, Task<Page<T>>> fetch, Func<T, bool>? keep, Action<T> write, Action? done = null)
        {
            bool paging = PagingParameters != null && (PagingParameters.First != ulong.MaxValue || PagingParameters.Skip > 0 || PagingParameters.IncludeTotalCount);
            if (paging || Concurrency == 1)
            {
                CompletePending();
                WriteListing(fetch, keep, write);
                done?.Invoke();
                return;
            }
            // One page at a time within a listing: the concurrency comes from the inputs.
            Enqueue(target, token => new PagedReader<T>(fetch, PageSize).ReadAllAsync(token), items =>
            {
                foreach (T item in items)
                {
                    if (keep == null || keep(item)) write(item);
                }
                done?.Invoke();
            });
        }

        protected override void EndProcessing() => CompletePending();
    }
}
