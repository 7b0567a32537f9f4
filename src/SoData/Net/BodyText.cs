using System;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SoData.Net
{
    /// <summary>
    /// What a body that is not the JSON expected holds, said in a few words: its content type and, for an HTML page, its
    /// title (a captive portal's sign-in page, a gateway's 502 page). Error messages quote at most a short excerpt.
    /// </summary>
    internal static class BodyText
    {
        /// <summary>The most characters of a body (or a title, or a Location) an error message quotes.</summary>
        public const int MaxExcerpt = 120;

        private static readonly Regex Title = new Regex(@"<title[^>]*>(?<title>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        public static bool IsJson(string? mediaType) => mediaType == null || mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>An HTML page: by its content type, or by its first characters when the content type says nothing useful.</summary>
        public static bool IsHtml(byte[] body, string? mediaType)
        {
            if (mediaType != null && mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            string start = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 256)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// "an HTML page (text/html, title 'Sign in') instead of JSON: a proxy or a sign-in page may be in the way",
        /// or "a text/plain body instead of JSON: 'excerpt'"; null for an empty body or one that claims to be JSON.
        /// </summary>
        public static string? Describe(byte[] body, string? mediaType)
        {
            if (body.Length == 0) return null;
            if (IsHtml(body, mediaType))
            {
                string? title = TitleOf(Encoding.UTF8.GetString(body));
                return $"an HTML page ({mediaType ?? "no content type"}{(title == null ? ", no title" : $", title '{title}'")}) instead of JSON: " +
                    "a proxy, a gateway or a sign-in page (captive portal) may be in the way";
            }
            if (IsJson(mediaType)) return null;
            return $"a {mediaType} body instead of JSON: '{Excerpt(Encoding.UTF8.GetString(body))}'";
        }

        /// <summary>The page's title, whitespace folded and cut short; null when it has none.</summary>
        public static string? TitleOf(string html)
        {
            Match match = Title.Match(html);
            if (!match.Success) return null;
            string title = Excerpt(WebUtility.HtmlDecode(match.Groups["title"].Value));
            return title.Length == 0 ? null : title;
        }

        /// <summary>The text on one line, whitespace folded, cut at <see cref="MaxExcerpt"/> characters with "...".</summary>
        public static string Excerpt(string text)
        {
            string folded = Regex.Replace(text, @"\s+", " ").Trim();
            return folded.Length <= MaxExcerpt ? folded : folded.Substring(0, MaxExcerpt) + "...";
        }
    }
}
