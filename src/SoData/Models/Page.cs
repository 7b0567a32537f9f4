using System.Collections.Generic;

namespace SoData
{
    /// <summary>One page of a take/skip listing: <c>{ "total", "results", "take" }</c>.</summary>
    public sealed class Page<T>
    {
        public long Total { get; set; }
        public List<T> Results { get; set; } = new List<T>();
        public int? Take { get; set; }
    }
}
