using System.Linq;

namespace SoData.Net
{
    /// <summary>
    /// Whether a value (a uuid, a realm) can be one segment of a route, for the API and the token endpoint alike. It must
    /// stay one segment after URL normalisation: '.' and '..' are folded away, '/' and '\' split it, and '%' would let
    /// '%2e%2e' or '%2f' be decoded by a server into the same.
    /// </summary>
    internal static class PathSegment
    {
        private static readonly char[] Refused = { '/', '\\', '%', '?', '#' };

        /// <summary>Null when <paramref name="value"/> can be one path segment; else why not, in words for an error message.</summary>
        public static string? Problem(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return "it is empty";
            string text = value!;
            if (text.All(c => c == '.')) return "'.' and '..' are not names: URL normalisation folds them away, taking the request to another route";
            if (text.IndexOfAny(Refused) >= 0) return "it holds '/', '\\', '%', '?' or '#', which would change the route";
            if (text.Any(char.IsControl)) return "it holds control characters";
            return null;
        }
    }
}
