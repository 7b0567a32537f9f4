using System;

namespace SoData.Net
{
    /// <summary>The base URLs of the API and of the token server, read the same way by both.</summary>
    internal static class Urls
    {
        /// <summary>The URL with a trailing slash, so that relative routes resolve under it rather than beside it.</summary>
        internal static Uri EnsureTrailingSlash(Uri uri) =>
            uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
