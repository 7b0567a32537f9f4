using System;

namespace SoData.Auth
{
    /// <summary>The token endpoint refused a grant (RFC 6749 section 5.2), or could not be reached.</summary>
    public sealed class SoDataAuthenticationException : Exception
    {
        public SoDataAuthenticationException(string message, string? error = null, string? errorDescription = null, int? statusCode = null, Exception? inner = null)
            : base(message, inner)
        {
            Error = error;
            ErrorDescription = errorDescription;
            StatusCode = statusCode;
        }

        /// <summary>The OAuth error code, e.g. invalid_grant or invalid_client.</summary>
        public string? Error { get; }

        /// <summary>The server's error_description, quoted to the user as is.</summary>
        public string? ErrorDescription { get; }

        public int? StatusCode { get; }
    }
}
