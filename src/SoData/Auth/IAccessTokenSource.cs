using System;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Auth
{
    /// <summary>Hands out a bearer token for the next API call.</summary>
    public interface IAccessTokenSource
    {
        /// <summary>
        /// A token fit to send now. Pass the token the API just rejected with 401 to have it renewed;
        /// concurrent callers that pass the same rejected token share one renewal.
        /// </summary>
        Task<string> GetAccessTokenAsync(string? rejectedToken, CancellationToken cancellationToken);

        /// <summary>When the current access token expires, if known.</summary>
        DateTimeOffset? AccessTokenExpiresAt { get; }

        /// <summary>When the current refresh token expires, if known.</summary>
        DateTimeOffset? RefreshTokenExpiresAt { get; }

        /// <summary>False for a token that came from elsewhere and cannot be renewed.</summary>
        bool CanRenew { get; }
    }
}
