using System;
using SoData.Net;

namespace SoData.Auth
{
    /// <summary>Why no access token could be had, which decides the error's category: only refused credentials are an authentication error.</summary>
    public enum AuthenticationProblem
    {
        /// <summary>The server refused the credentials: invalid_grant (user, password) or invalid_client (client id, secret).</summary>
        CredentialsRefused,

        /// <summary>The API rejected a token given with -AccessToken, which cannot be renewed.</summary>
        TokenRejected,

        /// <summary>The server refused the request for another OAuth reason (unauthorized_client, invalid_request...).</summary>
        RequestRefused,

        /// <summary>The answer is not a token response (not the token endpoint, or a proxy's page).</summary>
        InvalidResponse,

        /// <summary>The token endpoint failed (5xx).</summary>
        ServerError,

        /// <summary>The token endpoint could not be reached, or is not there: see <see cref="SoDataAuthenticationException.Connection"/>.</summary>
        Unreachable,
    }

    /// <summary>The token endpoint refused a grant (RFC 6749 section 5.2), answered something else, or could not be reached.</summary>
    public sealed class SoDataAuthenticationException : Exception
    {
        public SoDataAuthenticationException(string message, string? error = null, string? errorDescription = null, int? statusCode = null, Exception? inner = null,
            AuthenticationProblem problem = AuthenticationProblem.CredentialsRefused, ConnectionFailure? connection = null)
            : base(message, inner)
        {
            Error = error;
            ErrorDescription = errorDescription;
            StatusCode = statusCode;
            Problem = connection != null ? AuthenticationProblem.Unreachable : problem;
            Connection = connection;
        }

        /// <summary>The OAuth error code, e.g. invalid_grant or invalid_client.</summary>
        public string? Error { get; }

        /// <summary>The server's error_description, quoted to the user as is.</summary>
        public string? ErrorDescription { get; }

        public int? StatusCode { get; }

        public AuthenticationProblem Problem { get; }

        /// <summary>Why the token endpoint could not be used, when it could not be reached or is not there.</summary>
        public ConnectionFailure? Connection { get; }
    }
}
