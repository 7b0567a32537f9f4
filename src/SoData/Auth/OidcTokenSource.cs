using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SoData.Net;

namespace SoData.Auth
{
    /// <summary>
    /// Tokens from the password grant, renewed ahead of expiry with the refresh_token grant, and by logging in
    /// again with the stored credential when the refresh token has lapsed too. Renewal is single-flight:
    /// many concurrent requests (several runspaces on one session) cause one token request, not one each.
    /// </summary>
    internal sealed class OidcTokenSource : IAccessTokenSource
    {
        private readonly OidcTokenClient _tokens;
        private readonly string _userName;
        private readonly SecureString _password;
        private readonly Func<DateTimeOffset> _clock;
        private readonly SemaphoreSlim _renewal = new SemaphoreSlim(1, 1);
        private TokenSet? _current;
        private TimeSpan _lifetime;

        public OidcTokenSource(OidcTokenClient tokens, string userName, SecureString password, Func<DateTimeOffset>? clock = null)
        {
            _tokens = tokens;
            _userName = userName;
            _password = password;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public DateTimeOffset? AccessTokenExpiresAt => Volatile.Read(ref _current)?.AccessTokenExpiresAt;
        public DateTimeOffset? RefreshTokenExpiresAt => Volatile.Read(ref _current)?.RefreshTokenExpiresAt;
        public bool CanRenew => true;

        private int _passwordGrants;
        private int _refreshGrants;

        /// <summary>How many token requests this source has made, by grant.</summary>
        public int PasswordGrants => Volatile.Read(ref _passwordGrants);
        public int RefreshGrants => Volatile.Read(ref _refreshGrants);

        public async Task<string> GetAccessTokenAsync(string? rejectedToken, CancellationToken cancellationToken)
        {
            TokenSet? snapshot = Volatile.Read(ref _current);
            if (IsUsable(snapshot, rejectedToken)) return snapshot!.AccessToken;

            await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another caller may have renewed while this one waited.
                TokenSet? latest = _current;
                if (IsUsable(latest, rejectedToken)) return latest!.AccessToken;

                TokenSet renewed = await RenewAsync(latest, cancellationToken).ConfigureAwait(false);
                _lifetime = renewed.AccessTokenExpiresAt - _clock();
                Volatile.Write(ref _current, renewed);
                return renewed.AccessToken;
            }
            finally
            {
                _renewal.Release();
            }
        }

        private bool IsUsable(TokenSet? tokens, string? rejectedToken) =>
            tokens != null
            && !string.Equals(tokens.AccessToken, rejectedToken, StringComparison.Ordinal)
            && tokens.IsAccessTokenFresh(_clock(), _lifetime);

        private async Task<TokenSet> RenewAsync(TokenSet? current, CancellationToken cancellationToken)
        {
            if (current != null && current.CanRefresh(_clock()))
            {
                try
                {
                    Diagnostics.Verbose("Access token expires soon or was rejected: renewing it with the refresh token.");
                    Interlocked.Increment(ref _refreshGrants);
                    return await _tokens.RefreshAsync(current.RefreshToken!, cancellationToken).ConfigureAwait(false);
                }
                catch (SoDataAuthenticationException ex) when (ex.Error == "invalid_grant")
                {
                    // The server ended the session early (revoked, restarted, idle timeout): log in again below.
                    Diagnostics.Verbose($"The refresh token was refused ({ex.ErrorDescription ?? ex.Error}); logging in again.");
                }
            }
            else if (current != null)
            {
                Diagnostics.Verbose("The refresh token has expired: logging in again with the stored credential.");
            }

            Interlocked.Increment(ref _passwordGrants);
            return await _tokens.PasswordGrantAsync(_userName, _password, cancellationToken).ConfigureAwait(false);
        }
    }
}
