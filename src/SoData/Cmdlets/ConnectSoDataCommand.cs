using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using SoData.Auth;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Signs in to SoData and makes the session the default of this runspace.</summary>
    [Cmdlet(VerbsCommunications.Connect, "SoData", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(SoDataSession))]
    public sealed class ConnectSoDataCommand : AsyncCmdlet
    {
        private const string CredentialSet = "Credential";
        private const string AccessTokenSet = "AccessToken";

        public const string DefaultApiUrl = "https://api.iot.socomec.com/";
        public const string DefaultAuthUrl = "https://connect.socomec.com/";
        public const string DefaultRealm = "Socomec";

        [Parameter(Position = 0)]
        [NotEmpty]
        public Uri? ApiUrl { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [NotEmpty]
        public Uri? AuthUrl { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [NotEmpty]
        public string? Realm { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [NotEmpty]
        public string? ClientId { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [NotEmpty]
        public SecureString? ClientSecret { get; set; }

        /// <summary>The SoLive Pro user (email) and password.</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [Credential]
        [NotEmpty]
        public PSCredential? Credential { get; set; }

        /// <summary>An access token obtained elsewhere; it is used as is and never renewed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [NotEmpty]
        public SecureString? AccessToken { get; set; }

        /// <summary>Allows plain http:// to a host that is not loopback. Tokens then cross the network readable.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        [Parameter]
        [Range(0, 10)]
        public int MaxRetries { get; set; } = 4;

        [Parameter]
        [Range(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>
        /// How long one request may wait, in total, while the server throttles it (429, or 503 with Retry-After) before it
        /// fails; default 300 (5 minutes). Throttled requests do not spend -MaxRetries.
        /// </summary>
        [Parameter]
        [Range(1, 86400)]
        public int MaxThrottleWaitSec { get; set; } = 300;

        /// <summary>A proxy for both the token endpoint and the API; by default the system proxy is used.</summary>
        [Parameter]
        [NotEmpty]
        public Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        [NotEmpty]
        public PSCredential? ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessInput()
        {
            Uri apiUrl = ResolveUrl(ApiUrl, "SODATA_API_URL", DefaultApiUrl, nameof(ApiUrl));
            var options = new SoDataClientOptions(apiUrl) 
            {
                MaxRetries = MaxRetries,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                MaxThrottleWait = TimeSpan.FromSeconds(MaxThrottleWaitSec),
                Proxy = ResolveProxy(),
            };

            SoDataSession session = ParameterSetName == AccessTokenSet
                ? ConnectWithAccessToken(options)
                : ConnectWithCredential(options);

            SessionStore.Current = session;
            WriteVerbose($"Connected to {session.ApiUrl} as {session.UserName ?? "the holder of the access token"}; this is now the default session of this runspace.");
            if (PassThru) WriteObject(session);
        }

        private SoDataSession ConnectWithAccessToken(SoDataClientOptions options)
        {
            var client = new SoDataClient(options, new StaticTokenSource(AccessToken!));
            Uri authUrl = ResolveUrl(null, "SODATA_AUTH_URL", DefaultAuthUrl, nameof(AuthUrl));
            return new SoDataSession(client, authUrl, ResolveRealm(), null, null, "AccessToken");
        }

        private SoDataSession ConnectWithCredential(SoDataClientOptions options)
        {
            Uri authUrl = ResolveUrl(AuthUrl, "SODATA_AUTH_URL", DefaultAuthUrl, nameof(AuthUrl));
            string realm = ResolveRealm();
            string clientId = ClientId ?? Environment("SODATA_CLIENT_ID")
                ?? throw Terminate(InvalidArgument("MissingClientId",
                    "Connect-SoData needs -ClientId (the SoData client id Socomec gave you), or the SODATA_CLIENT_ID environment variable.", null));
            SecureString? clientSecret = ClientSecret ?? ProtectEnvironment("SODATA_CLIENT_SECRET");
            (string userName, SecureString password) = ResolveCredential();

            var http = SoDataClient.CreateHttpClient(options);
            var tokenClient = new OidcTokenClient(http, authUrl, realm, clientId, clientSecret);
            var tokens = new OidcTokenSource(tokenClient, userName, password);
            WriteVerbose($"Signing in as {userName} at {tokenClient.TokenEndpoint}.");
            try
            {
                // Sign in now, so wrong credentials fail here and not in the first Get- cmdlet.
                Await(token => tokens.GetAccessTokenAsync(null, token));
            }
            catch (SoDataAuthenticationException ex)
            {
                http.Dispose();
                ThrowTerminatingError(ToErrorRecord(ex, userName));
            }
            return new SoDataSession(new SoDataClient(options, tokens, http), authUrl, realm, clientId, userName, "Password");
        }

        private (string, SecureString) ResolveCredential()
        {
            if (Credential != null && Credential != PSCredential.Empty) return (Credential.UserName, Credential.Password);
            string? userName = Environment("SODATA_USERNAME");
            SecureString? password = ProtectEnvironment("SODATA_PASSWORD");
            if (userName != null && password != null) return (userName, password);
            throw Terminate(InvalidArgument("MissingCredential",
                "Connect-SoData needs -Credential (your SoLive Pro email and password, e.g. -Credential (Get-Credential)), or the SODATA_USERNAME and SODATA_PASSWORD environment variables.", null));
        }

        private IWebProxy? ResolveProxy()
        {
            if (Proxy == null)
            {
                if (ProxyCredential != null)
                    throw Terminate(InvalidArgument("ProxyCredentialWithoutProxy", "-ProxyCredential needs -Proxy (the proxy's URL, e.g. http://proxy.example.com:8080/).", null));
                return null;
            }
            return new WebProxy(Proxy) { Credentials = ProxyCredential?.GetNetworkCredential() };
        }

        private string ResolveRealm() => Realm ?? Environment("SODATA_REALM") ?? DefaultRealm;

        private Uri ResolveUrl(Uri? given, string variable, string fallback, string parameter)
        {
            string source = given != null ? "-" + parameter : (Environment(variable) != null ? variable : "the default");
            string text = given?.OriginalString ?? Environment(variable) ?? fallback;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw Terminate(InvalidArgument("InvalidUrl",
                    $"-{parameter} '{text}' (from {source}) is not an absolute http(s) URL, such as {fallback}.", text));
            }
            if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !AllowInsecureHttp)
            {
                throw Terminate(InvalidArgument("InsecureUrl",
                    $"-{parameter} '{text}' (from {source}) uses plain http:// to a host that is not loopback, so tokens would cross the network readable. Use https://, or add -AllowInsecureHttp if you really mean it.", text));
            }
            return OidcTokenClient.EnsureTrailingSlash(url);
        }

        private static string? Environment(string name)
        {
            string? value = System.Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private static SecureString? ProtectEnvironment(string name)
        {
            string? value = System.Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(value) ? null : Secrets.Protect(value!);
        }

        private Exception Terminate(ErrorRecord record)
        {
            ThrowTerminatingError(record);
            return new InvalidOperationException(); // not reached: ThrowTerminatingError throws
        }
    }
}
