using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using SoData.Auth;
using SoData.Client;
using SoData.Net;

namespace SoData.Cmdlets
{
    /// <summary>Signs in to SoData and makes the session the default of this runspace.</summary>
    [Cmdlet(VerbsCommunications.Connect, "SoData", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(SoDataSession))]
    public sealed class ConnectSoDataCommand : PSCmdlet, IDisposable
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
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowNull]
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

        /// <summary>Leaves out the line that says who is signed in where (it is left out anyway when PowerShell runs -NonInteractive).</summary>
        [Parameter]
        public SwitchParameter NoWelcome { get; set; }

        private readonly AsyncRunner _async;

        public ConnectSoDataCommand() => _async = new AsyncRunner(this);

        /// <summary>Checks the values typed on the command line against the parameters' rules; a bad one ends the command.</summary>
        protected override void BeginProcessing()
        {
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: false);
            if (violation != null) ThrowTerminatingError(violation);
        }

        protected override void StopProcessing() => _async.Cancel();

        public void Dispose() => _async.Cancel();

        protected override void ProcessRecord()
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
            CheckApiAnswers(session);

            SessionStore.Current = session;
            string who = session.UserName ?? "the holder of the access token";
            WriteVerbose($"Connected to {session.ApiUrl} as {who}; this is now the default session of this runspace.");
            if (!NoWelcome && new ConsolePrompts(this).IsInteractive())
            {
                // Shown as Write-Host shows text (the information stream, tag PSHOST): a script can still silence it with -InformationAction Ignore.
                string renewal = session.AuthenticationMethod == "AccessToken" ? "the access token is used as is, until it expires" : "tokens are renewed by themselves";
                WriteInformation(new HostInformationMessage
                {
                    Message = $"Signed in to SoData at {session.ApiUrl} as {who} ({renewal}). Get-SoDataCorporateAccount lists your accounts; -NoWelcome hides this line.",
                }, new[] { "PSHOST", "SoData" });
            }
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
            string clientId = ClientId ?? Environment("SODATA_CLIENT_ID") ?? new ConsolePrompts(this).ForClientId()
                ?? throw Terminate(ErrorRecords.InvalidArgument("MissingClientId",
                    "Connect-SoData needs -ClientId (the SoData client id Socomec gave you), or the SODATA_CLIENT_ID environment variable.", null));
            SecureString? clientSecret = ClientSecret ?? ProtectEnvironment("SODATA_CLIENT_SECRET");
            (string userName, SecureString password) = ResolveCredential();

            var http = SoDataClient.CreateHttpClient(options);
            var tokenClient = new OidcTokenClient(http, authUrl, realm, clientId, clientSecret, options.Timeout);
            var tokens = new OidcTokenSource(tokenClient, userName, password);
            WriteVerbose($"Signing in as {userName} at {tokenClient.TokenEndpoint}.");
            try
            {
                // Sign in now, so wrong credentials fail here and not in the first Get- cmdlet.
                _async.Await(token => tokens.GetAccessTokenAsync(null, token));
            }
            catch (SoDataAuthenticationException ex)
            {
                http.Dispose();
                ErrorRecord record = ErrorRecords.From(ex, userName);
                if (clientSecret == null && string.Equals(ex.Error, "invalid_client", StringComparison.Ordinal))
                {
                    // The usual cause: a confidential client (as Socomec's are) signed in without its secret.
                    record.ErrorDetails = new ErrorDetails(
                        $"{ex.Message} No client secret was sent: give -ClientSecret (e.g. -ClientSecret (Read-Host 'Client secret' -AsSecureString)) or set the SODATA_CLIENT_SECRET environment variable.")
                    {
                        RecommendedAction = "Give the client secret Socomec issued with the client id, with -ClientSecret or SODATA_CLIENT_SECRET.",
                    };
                }
                ThrowTerminatingError(record);
            }
            return new SoDataSession(new SoDataClient(options, tokens, http), authUrl, realm, clientId, userName, "Password");
        }

        /// <summary>
        /// One cheap call (the first corporate account), so that a wrong -ApiUrl, a server down or a token the API refuses
        /// fails here, with what to check, and not in the first cmdlet of the script. Retried like any call; an API that
        /// answers 429 or 5xx is there, so that is only a warning.
        /// </summary>
        private void CheckApiAnswers(SoDataSession session)
        {
            SoDataClient client = session.Client;
            WriteVerbose($"Checking that the API answers: GET {new Uri(client.ApiUrl, Routes.CorporateAccounts)}");
            try
            {
                _async.Await(token => client.ListCorporateAccountsAsync(0, 1, token));
            }
            catch (SoDataApiException ex) when (ex.Connection == null && (ex.StatusCode == 429 || ex.StatusCode >= 500))
            {
                // The API is there and answers; busy or failing now is what the retries of later calls are for.
                WriteWarning($"The API at {client.ApiUrl} answers, but with an error for now: {ex.Message} Later calls are retried as usual.");
            }
            catch (Exception ex) when (ex is SoDataApiException || ex is SoDataAuthenticationException)
            {
                client.Dispose();
                ErrorRecord record = ErrorRecords.From(ex, client.ApiUrl);
                if (ex is SoDataApiException api && api.Connection == null)
                {
                    string hint = api.StatusCode == 404
                        ? $" Check -ApiUrl (SODATA_API_URL, now {client.ApiUrl}): it is the API's root, such as {DefaultApiUrl}; the module adds api/v1/."
                        : api.StatusCode >= 200 && api.StatusCode < 300
                            ? $" This is not the SoData API: check -ApiUrl (SODATA_API_URL, now {client.ApiUrl})."
                            : string.Empty;
                    record.ErrorDetails = new ErrorDetails($"Connect-SoData could not use the API at {client.ApiUrl}: {ex.Message.TrimEnd('.')}.{hint}")
                    {
                        RecommendedAction = record.ErrorDetails?.RecommendedAction,
                    };
                }
                ThrowTerminatingError(record);
            }
        }

        private (string, SecureString) ResolveCredential()
        {
            if (Credential != null && Credential != PSCredential.Empty) return (Credential.UserName, Credential.Password);
            string? userName = Environment("SODATA_USERNAME");
            SecureString? password = ProtectEnvironment("SODATA_PASSWORD");
            if (userName != null && password != null) return (userName, password);
            PSCredential? prompted = new ConsolePrompts(this).ForCredential(userName);
            if (prompted != null && !string.IsNullOrEmpty(prompted.UserName) && prompted.Password.Length > 0) return (prompted.UserName.TrimStart('\\'), prompted.Password);
            throw Terminate(ErrorRecords.InvalidArgument("MissingCredential",
                "Connect-SoData needs -Credential (your SoLive Pro email and password, e.g. -Credential (Get-Credential)), or the SODATA_USERNAME and SODATA_PASSWORD environment variables.", null));
        }

        private IWebProxy? ResolveProxy()
        {
            if (Proxy == null)
            {
                if (ProxyCredential != null)
                    throw Terminate(ErrorRecords.InvalidArgument("ProxyCredentialWithoutProxy", "-ProxyCredential needs -Proxy (the proxy's URL, e.g. http://proxy.example.com:8080/).", null));
                return null;
            }
            return new WebProxy(Proxy) { Credentials = ProxyCredential?.GetNetworkCredential() };
        }

        /// <summary>-Realm, SODATA_REALM or Socomec; one that would not stay one segment of the token endpoint's route ('..', 'a/b') is refused before any request.</summary>
        private string ResolveRealm()
        {
            string realm = Realm ?? Environment("SODATA_REALM") ?? DefaultRealm;
            if (Net.PathSegment.Problem(realm) is { } problem)
            {
                string source = Realm != null ? "-Realm" : "SODATA_REALM";
                throw Terminate(ErrorRecords.InvalidArgument("InvalidRealm",
                    $"{source} '{Net.BodyText.Excerpt(realm)}' cannot be a realm: {problem}. Give the realm's name, such as Socomec (the default).", realm));
            }
            return realm;
        }

        private Uri ResolveUrl(Uri? given, string variable, string fallback, string parameter)
        {
            string source = given != null ? "-" + parameter : (Environment(variable) != null ? variable : "the default");
            string text = given?.OriginalString ?? Environment(variable) ?? fallback;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw Terminate(ErrorRecords.InvalidArgument("InvalidUrl",
                    $"-{parameter} '{text}' (from {source}) is not an absolute http(s) URL, such as {fallback}.", text));
            }
            if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !AllowInsecureHttp)
            {
                throw Terminate(ErrorRecords.InvalidArgument("InsecureUrl",
                    $"-{parameter} '{text}' (from {source}) uses plain http:// to a host that is not loopback, so tokens would cross the network readable. Use https://, or add -AllowInsecureHttp if you really mean it.", text));
            }
            return Urls.EnsureTrailingSlash(url);
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
