using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Auth
{
    /// <summary>An access token obtained elsewhere (Connect-SoData -AccessToken): used as is, never renewed.</summary>
    internal sealed class StaticTokenSource : IAccessTokenSource
    {
        private readonly SecureString _token;

        public StaticTokenSource(SecureString token) => _token = token;

        public DateTimeOffset? AccessTokenExpiresAt => null;
        public DateTimeOffset? RefreshTokenExpiresAt => null;
        public bool CanRenew => false;

        public Task<string> GetAccessTokenAsync(string? rejectedToken, CancellationToken cancellationToken)
        {
            if (rejectedToken != null)
                throw new SoDataAuthenticationException(
                    "The API rejected the access token given to Connect-SoData -AccessToken, and such a token cannot be renewed. Run Connect-SoData again with a new token or with -Credential.",
                    problem: AuthenticationProblem.TokenRejected);
            return Task.FromResult(Secrets.Reveal(_token));
        }
    }
}
