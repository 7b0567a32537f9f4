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
            Connection = connection;
            Method = method;
            Path = path;
            StatusCode = statusCode;
            ApiMessage = apiMessage;
        }

        public string Method { get; }

        /// <summary>The route, relative to the API URL, without the query string.</summary>
        public string Path { get; }

        /// <summary>The HTTP status, or null when no response came (connection failure, timeout).</summary>
        public int? StatusCode { get; }

        /// <summary>Why no response came, when none did: refused, DNS, TLS, timeout...</summary>
        public ConnectionFailure? Connection { get; }

        /// <summary>The message from the API's JSON error body, when it sent one.</summary>
        public string? ApiMessage { get; }
    }
}
