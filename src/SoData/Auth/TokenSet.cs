using System;

namespace SoData.Auth
{
    /// <summary>The tokens of one grant, with expiry computed in seconds from when the request was sent.</summary>
    internal sealed class TokenSet
    {
        public TokenSet(string accessToken, DateTimeOffset accessTokenExpiresAt, string? refreshToken, DateTimeOffset? refreshTokenExpiresAt)
        {
            AccessToken = accessToken;
            AccessTokenExpiresAt = accessTokenExpiresAt;
            RefreshToken = refreshToken;
            RefreshTokenExpiresAt = refreshTokenExpiresAt;
        }

        public string AccessToken { get; }
        public DateTimeOffset AccessTokenExpiresAt { get; }
        public string? RefreshToken { get; }
        public DateTimeOffset? RefreshTokenExpiresAt { get; }

        /// <summary>
        /// Refresh a little ahead of expiry so a request never leaves with a token about to lapse:
        /// a tenth of the lifetime, at most 30 s (the guide's example uses 30 s on 300 s tokens).
        /// </summary>
        public bool IsAccessTokenFresh(DateTimeOffset now, TimeSpan lifetime)
        {
            double marginSeconds = Math.Min(30, lifetime.TotalSeconds / 10);
            return now < AccessTokenExpiresAt - TimeSpan.FromSeconds(marginSeconds);
        }

        public bool CanRefresh(DateTimeOffset now) =>
            RefreshToken != null && (RefreshTokenExpiresAt == null || now < RefreshTokenExpiresAt.Value - TimeSpan.FromSeconds(1));
    }
}
