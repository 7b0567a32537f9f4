using System;
using SoData.Client;

namespace SoData
{
    /// <summary>
    /// A connection to the SoData API, as made by Connect-SoData. It shows where it points and when its tokens
    /// expire; it never shows a token or a secret. Pass it with -Session to work with several accounts at once
    /// or from ForEach-Object -Parallel; it is safe to share between runspaces.
    /// </summary>
    public sealed class SoDataSession : IDisposable
    {
        internal SoDataSession(SoDataClient client, Uri authUrl, string realm, string? clientId, string? userName, string authenticationMethod)
        {
            Client = client;
            AuthUrl = authUrl;
            Realm = realm;
            ClientId = clientId;
            UserName = userName;
            AuthenticationMethod = authenticationMethod;
            ConnectedAt = DateTimeOffset.Now;
            CorporateAccounts = new CorporateAccountDirectory(client);
        }

        internal SoDataClient Client { get; }

        internal CorporateAccountDirectory CorporateAccounts { get; }

        public Guid Id { get; } = Guid.NewGuid();
        public Uri ApiUrl => Client.ApiUrl;
        public Uri AuthUrl { get; }
        public string Realm { get; }
        public string? ClientId { get; }
        public string? UserName { get; }

        /// <summary>Password (refreshable tokens from the credential) or AccessToken (a token from elsewhere).</summary>
        public string AuthenticationMethod { get; }

        public DateTimeOffset ConnectedAt { get; }
        public DateTimeOffset? AccessTokenExpiresAt => Client.Tokens.AccessTokenExpiresAt?.ToLocalTime();
        public DateTimeOffset? RefreshTokenExpiresAt => Client.Tokens.RefreshTokenExpiresAt?.ToLocalTime();
        public int MaxRetries => Client.Options.MaxRetries;
        public int TimeoutSec => (int)Client.Options.Timeout.TotalSeconds;
        public int MaxThrottleWaitSec => (int)Client.Options.MaxThrottleWait.TotalSeconds;

        /// <summary>HTTP requests sent to the API by this session, retries included (sign-in and token renewals not counted).</summary>
        public long Requests => Client.Throttle.Requests;

        /// <summary>Requests sent again after a failure or a throttled answer.</summary>
        public long Retries => Client.Throttle.Retries;

        /// <summary>Answers by which the server throttled (429, or 503 with Retry-After).</summary>
        public long ThrottledAnswers => Client.Throttle.ThrottledAnswers;

        /// <summary>How long the session held its requests back because the server throttled.</summary>
        public TimeSpan ThrottledTime => Client.Throttle.TimeHeld;

        /// <summary>How many requests may run at once now: -ThrottleLimit, or less while the server throttles.</summary>
        public int Concurrency => Client.Throttle.Concurrency;

        /// <summary>Requests started per second at most while the server throttles; null when starts are not paced.</summary>
        public double? RequestsPerSecondLimit => Client.Throttle.Pace is double pace ? Math.Round(pace, 2) : (double?)null;

        public override string ToString() => $"{UserName ?? "(access token)"} @ {ApiUrl}";

        public void Dispose() => Client.Dispose();
    }
}
