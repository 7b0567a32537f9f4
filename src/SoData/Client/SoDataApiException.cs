using System;
using SoData.Net;

namespace SoData.Client
{
    /// <summary>An API call that failed: the status code, the API's own message, and the request it answered.</summary>
    public sealed class SoDataApiException : Exception
    {
        public SoDataApiException(string method, string path, int? statusCode, string? apiMessage, string message, Exception? inner = null, ConnectionFailure? connection = null)
            : base(message, inner)
        {
            Method = method;
            Path = path;
            StatusCode = statusCode;
            ApiMessage = apiMessage;
            Connection = connection;
        }

        /// <summary>A request refused before it was sent: its route would leave the API (see <see cref="RouteGuard"/>).</summary>
        internal static SoDataApiException Refused(string method, string path, string message) =>
            new SoDataApiException(method, path, null, null, message) { NotSent = true };

        public string Method { get; }

        /// <summary>The route, relative to the API URL, without the query string.</summary>
        public string Path { get; }

        /// <summary>The HTTP status, or null when no response came (connection failure, timeout).</summary>
        public int? StatusCode { get; }

        /// <summary>Why no response came, when none did: refused, DNS, TLS, timeout...</summary>
        public ConnectionFailure? Connection { get; }

        /// <summary>True when the request was refused before anything was sent: a value that would take its route off the API.</summary>
        public bool NotSent { get; private set; }

        /// <summary>The message from the API's JSON error body, when it sent one.</summary>
        public string? ApiMessage { get; }
    }
}
