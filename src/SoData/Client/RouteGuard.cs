using System;
using System.Linq;

namespace SoData.Client
{
    /// <summary>
    /// Keeps every request on the API's routes. A value that becomes a path segment must stay one segment
    /// (<see cref="Net.PathSegment"/>): one that would not is refused before any request, and so is any route
    /// that would resolve outside the session's API URL and its api/ prefix: the token goes nowhere else.
    /// </summary>
    internal static class RouteGuard
    {
        /// <summary>The value escaped as one path segment, or an error (InvalidData: it came from data, not from a parameter) naming what it is.</summary>
        /// <param name="what">What the value is, for the message: "corporate account uuid", "device uuid".</param>
        public static string Segment(string? value, string what)
        {
            string? problem = Net.PathSegment.Problem(value);
            if (problem != null)
                throw SoDataApiException.Refused("(not sent)", $"the {what}",
                    $"The {what} '{Net.BodyText.Excerpt(value ?? string.Empty)}' cannot be part of a route: {problem}. Nothing was sent. " +
                    "If it came from the server or a piped object, that data is wrong.");
            return Uri.EscapeDataString(value);
        }

        /// <summary>
        /// <paramref name="uri"/>, built from <paramref name="relative"/>, when it stays under <paramref name="apiUrl"/> and its api/
        /// prefix with no '.' or '..' segment (escaped or not); else an error naming the route, before anything is sent.
        /// </summary>
        public static Uri Confine(Uri apiUrl, string method, string relative, Uri uri)
        {
            string? problem = RouteProblem(relative);
            string root = apiUrl.AbsoluteUri + "api/";
            if (problem == null && !uri.AbsoluteUri.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                problem = $"it resolves to {uri.GetLeftPart(UriPartial.Path)}, outside {root}";
            if (problem != null)
                throw SoDataApiException.Refused(method, relative,
                    $"{method} {Net.BodyText.Excerpt(relative)} was not sent: {problem}. The session's token goes only to the API's routes under {root}.");
            return uri;
        }

        /// <summary>Why a route relative to the API URL would leave it ('.' or '..' segments, escaped or not, a backslash); null when it would not.</summary>
        public static string? RouteProblem(string relative)
        {
            int query = relative.IndexOfAny(new[] { '?', '#' });
            string path = query < 0 ? relative : relative.Substring(0, query);
            if (path.IndexOf('\\') >= 0) return "it holds a '\\'";
            if (Uri.TryCreate(path, UriKind.Absolute, out _) || path.StartsWith("//", StringComparison.Ordinal)) return "it names another server";
            foreach (string segment in path.Split('/'))
            {
                string decoded = Uri.UnescapeDataString(Uri.UnescapeDataString(segment));
                if (decoded.Length > 0 && decoded.All(c => c == '.')) return "it holds a '.' or '..' segment, which URL normalisation would fold away";
                if (decoded.IndexOf('/') >= 0 || decoded.IndexOf('\\') >= 0) return "it holds an escaped '/' or '\\'";
            }
            return null;
        }
    }
}
