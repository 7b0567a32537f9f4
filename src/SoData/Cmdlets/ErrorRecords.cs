using System;
using System.Management.Automation;
using SoData.Auth;
using SoData.Client;
using SoData.Net;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The one map from failures to PowerShell error records: a stable ErrorId and the category users filter on
    /// (404 → ObjectNotFound, 401/403 → AuthenticationError/PermissionDenied, bad input → InvalidArgument), the API's
    /// own text, and a recommended action where there is one.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>Maps a failure to an ErrorRecord with a stable ErrorId and the category PowerShell users filter on.</summary>
        public static ErrorRecord From(Exception exception, object? target)
        {
            switch (exception)
            {
                case SoDataApiException { Connection: { } failure } api:
                    return ConnectionRecord(api, failure, target);
                case SoDataApiException { NotSent: true } refused:
                    // A uuid or route that would have left the API's routes: the data was wrong, nothing was sent.
                    return new ErrorRecord(refused, "RouteRefused", ErrorCategory.InvalidData, target);
                case SoDataApiException api:
                    (string id, ErrorCategory category) = api.StatusCode switch
                    {
                        400 => ("ApiBadRequest", ErrorCategory.InvalidArgument),
                        401 => ("ApiUnauthorized", ErrorCategory.AuthenticationError),
                        403 => ("ApiForbidden", ErrorCategory.PermissionDenied),
                        404 => ("ApiNotFound", ErrorCategory.ObjectNotFound),
                        429 => ("ApiThrottled", ErrorCategory.LimitsExceeded),
                        null => ("ApiUnreachable", ErrorCategory.ConnectionError),
                        int code when code >= 500 => ("ApiServerError", ErrorCategory.ConnectionError),
                        _ => ("ApiError", ErrorCategory.NotSpecified),
                    };
                    if (api.StatusCode >= 200 && api.StatusCode < 300) (id, category) = ("ApiInvalidResponse", ErrorCategory.InvalidData);
                    return new ErrorRecord(api, id, category, target);
                case SoDataAuthenticationException { Connection: { } failure } auth:
                    return ConnectionRecord(auth, failure, target);
                case SoDataAuthenticationException auth:
                    // Only the server's verdict on the credentials is an authentication error.
                    (string authId, ErrorCategory authCategory, string? action) = auth.Problem switch
                    {
                        AuthenticationProblem.CredentialsRefused => ("AuthenticationFailed", ErrorCategory.AuthenticationError,
                            "Check the client id, client secret, user name and password, then run Connect-SoData again."),
                        AuthenticationProblem.TokenRejected => ("AccessTokenRejected", ErrorCategory.AuthenticationError,
                            "Run Connect-SoData again with a new -AccessToken, or with -Credential so tokens are renewed."),
                        AuthenticationProblem.RequestRefused => ("TokenRequestRefused", ErrorCategory.InvalidOperation,
                            "Check that the client id is allowed the password grant, and -AuthUrl and -Realm."),
                        AuthenticationProblem.ServerError => ("AuthServerError", ErrorCategory.ConnectionError, "Try again later."),
                        _ => ("InvalidTokenResponse", ErrorCategory.ProtocolError, "Check -AuthUrl: it must be the Keycloak server's root, such as https://connect.socomec.com/."),
                    };
                    return new ErrorRecord(auth, authId, authCategory, target)
                    {
                        ErrorDetails = new ErrorDetails(auth.Message) { RecommendedAction = action },
                    };
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>A server that could not be reached or is not there: ConnectionError (ObjectNotFound for a 404 endpoint), never a credentials problem.</summary>
        private static ErrorRecord ConnectionRecord(Exception exception, ConnectionFailure failure, object? target) =>
            new ErrorRecord(exception, failure.ErrorId,
                failure.Problem == ConnectionProblem.EndpointNotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.ConnectionError,
                target ?? failure.Url.GetLeftPart(UriPartial.Path))
            {
                ErrorDetails = new ErrorDetails(WithoutAdvice(exception.Message, failure.Advice)) { RecommendedAction = failure.Advice },
            };

        /// <summary>
        /// The message to show, saying the advice once: PowerShell 7 prints RecommendedAction under the message
        /// ("Recommendation:"), so the message leaves it out there; Windows PowerShell 5.1 does not print it, so the message
        /// keeps it. The exception's own message keeps it everywhere, for scripts that log $_.Exception.Message.
        /// </summary>
        internal static string WithoutAdvice(string message, string advice)
        {
            if (!ShowsRecommendedAction || !message.EndsWith(" " + advice, StringComparison.Ordinal)) return message;
            return message.Substring(0, message.Length - advice.Length - 1);
        }

        private static readonly bool ShowsRecommendedAction =
            !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>No -Session and no current session: the command cannot run.</summary>
        public static ErrorRecord NoSession() =>
            new ErrorRecord(new InvalidOperationException("There is no SoData session. Run Connect-SoData first, or pass one with -Session."), "NoSession", ErrorCategory.InvalidOperation, null)
            {
                ErrorDetails = new ErrorDetails("There is no SoData session. Run Connect-SoData first, or pass one with -Session.")
                {
                    RecommendedAction = "Run Connect-SoData, or pass the result of Connect-SoData -PassThru with -Session.",
                },
            };

        /// <summary>An error in what the user typed: names the parameter and says what would be valid.</summary>
        public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
            new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

        /// <summary>Something named by the user that does not exist (ItemNotFoundException, like Get-Item's).</summary>
        public static ErrorRecord NotFound(string errorId, string message, object? target) =>
            new ErrorRecord(new ItemNotFoundException(message), errorId, ErrorCategory.ObjectNotFound, target);

        /// <summary>True for a failure that every later request of the command would meet too: no token, or credentials refused.</summary>
        public static bool EndsCommand(Exception exception, ErrorRecord record) =>
            exception is SoDataAuthenticationException || record.CategoryInfo.Category == ErrorCategory.AuthenticationError;
    }
}
