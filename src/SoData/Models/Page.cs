using System.Collections.Generic;

namespace SoData
{
    /// <summary>One page of a take/skip listing: <c>{ "total", "results", "take" }</c>.</summary>
    public sealed class Page<T>
    {
        public long Total { get; set; }

        /// <summary>
        /// Null only when the server sent <c>"results": null</c> or left it out: <see cref="Client.PagedReader{T}"/> refuses such a
        /// page (InvalidData), never reads it as empty. Typed non-null for the callers, which only ever see pages that passed.
        /// </summary>
        public List<T> Results { get; set; } = null!;

        public int? Take { get; set; }

        /// <summary>The request that brought this page ("GET api/v1/ca"), for the errors of paging; not part of the JSON.</summary>
        internal string? Route { get; set; }
    }
}
