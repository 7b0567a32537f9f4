using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Streams take/skip listings to a cmdlet's pipeline: each page's objects reach the pipeline before the next page is
    /// asked for, so `| Select-Object -First 1` makes one request. -First and -Skip (SupportsPaging) count over the
    /// whole command, across every piped parent; they are sent to the server when no client-side filter applies.
    /// One per command, composed by the listing cmdlets (which declare -PageSize).
    /// </summary>
    internal sealed class ListingWriter
    {
        private readonly Cmdlet _cmdlet;
        private readonly AsyncRunner _async;
        private readonly OrderedWork _inputs;
        private readonly int _throttleLimit;
        private readonly int _pageSize;
        private readonly PagingParameters? _paging;
        private ulong _skipLeft;
        private ulong _firstLeft;

        /// <param name="cmdlet">Where the objects (and the -IncludeTotalCount object) are written.</param>
        /// <param name="async">Reads the pages on the thread pool and waits for them on the pipeline thread.</param>
        /// <param name="inputs">The command's per-input queue (<see cref="WorkFailure.PerInput"/>), for <see cref="Enqueue{T}"/>.</param>
        /// <param name="throttleLimit">The command's -ThrottleLimit: pages read ahead within one listing; 1 reads inputs one by one.</param>
        /// <param name="paging">The command's -First, -Skip and -IncludeTotalCount (PSCmdlet.PagingParameters); null without SupportsPaging.</param>
        public ListingWriter(Cmdlet cmdlet, AsyncRunner async, OrderedWork inputs, int throttleLimit, int pageSize, PagingParameters? paging)
        {
            _cmdlet = cmdlet;
            _async = async;
            _inputs = inputs;
            _throttleLimit = throttleLimit;
            _pageSize = pageSize;
            _paging = paging;
            _skipLeft = _paging?.Skip ?? 0;
            _firstLeft = _paging?.First ?? ulong.MaxValue;
        }

        /// <summary>True once -First objects have been written: later input needs no request at all.</summary>
        public bool FirstReached => _firstLeft == 0;

        /// <summary>False when -First or -Skip left objects unread, so a value seeming unmatched may exist.</summary>
        public bool WasComplete => !FirstReached && (_paging?.Skip ?? 0) == 0;

        /// <summary>
        /// Streams one listing to the pipeline. With <paramref name="keep"/> (a filter the API lacks) paging is
        /// applied after filtering, on this side.
        /// </summary>
        /// <returns>How many objects passed the filter, whether written or skipped.</returns>
        public long Write<T>(Func<long, int, CancellationToken, Task<Page<T>>> fetch, Func<T, bool>? keep, Action<T> write)
        {
            if (FirstReached) return 0;
            bool clientSide = keep != null;
            var reader = new PagedReader<T>(fetch, _pageSize, clientSide ? 0 : _skipLeft, clientSide ? ulong.MaxValue : _firstLeft, _throttleLimit);
            long matched = 0;
            bool totalWritten = false;

            while (!FirstReached)
            {
                IReadOnlyList<T>? page = _async.Await(token => reader.NextPageAsync(token));
                if (!clientSide && !totalWritten && reader.Total.HasValue && _paging?.IncludeTotalCount == true)
                {
                    _cmdlet.WriteObject(_paging.NewTotalCount((ulong)Math.Max(0, reader.Total.Value), 1.0));
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
        /// (-ThrottleLimit at once, on the command's per-input queue), writing in input order: many devices piped into Get-SoDataVariable do not wait
        /// on each other. With -First, -Skip or -IncludeTotalCount the listing is streamed at once instead, so those
        /// count exactly and stop early. The cmdlet's EndProcessing completes what is still in flight.
        /// </summary>
        /// <param name="done">Runs once the listing is written (not after a failure), e.g. to report names that matched nothing.</param>
        public void Enqueue<T>(object? target, Func<long, int, CancellationToken, Task<Page<T>>> fetch, Func<T, bool>? keep, Action<T> write, Action? done = null)
        {
            bool paging = _paging != null && (_paging.First != ulong.MaxValue || _paging.Skip > 0 || _paging.IncludeTotalCount);
            if (paging || _throttleLimit == 1)
            {
                _inputs.CompleteAll();
                Write(fetch, keep, write);
                done?.Invoke();
                return;
            }
            // One page at a time within a listing: the concurrency comes from the inputs.
            _inputs.Add(target, token => new PagedReader<T>(fetch, _pageSize).ReadAllAsync(token), items =>
            {
                foreach (T item in items)
                {
                    if (keep == null || keep(item)) write(item);
                }
                done?.Invoke();
            });
        }
    }
}
