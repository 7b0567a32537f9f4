using System.Collections.Generic;

namespace SoData
{
    /// <summary>One page of a take/skip listing: <c>{ "total", "results", "take" }</c>.</summary>
    public sealed class Page<T>
    {
        public long Total { get; set; }

        /// <summary>Null when the server sent <c>"results": null</c> or left it out: the client refuses such a page (InvalidData), never reads it as empty.</summary>
        public List<T>? Results { get; set; }

        public int? Take { get; set; }

        /// <summary>The request that brought this page ("GET api/v1/ca"), for the errors of paging; not part of the JSON.</summary>
        internal string? Route { get; set; }
    }
}
