using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Calls any route of the API with the session's authentication, retries and error handling: for what the
    /// module does not wrap yet. Returns the JSON as objects, like Invoke-RestMethod.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SoDataRequest", DefaultParameterSetName = SingleSet)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeSoDataRequestCommand : SoDataCmdlet
    {
        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        private ListingWriter? _listing;
        private ListingWriter Listing => _listing ??= new ListingWriter(this, Async, InputWork, ThrottleLimit, PageSize, PagingParameters);

        private const string SingleSet = "Single";
        private const string AllSet = "All";

        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>The route, relative to the API: "ca", "ca/{uuid}/customers" or "api/v1/ca" all work.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string Path { get; set; } = null!;

        /// <summary>Query string parameters, e.g. @{ customerUuid = '...' }.</summary>
        [Parameter]
        public IDictionary? Query { get; set; }

        /// <summary>A JSON string, or an object (hashtable, PSCustomObject) to send as JSON.</summary>
        [Parameter(ParameterSetName = SingleSet)]
        public object? Body { get; set; }

        /// <summary>Follows take/skip paging and streams the objects of "results", page by page.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessInput()
        {
            string path = NormalizePath(Path);
            var query = QueryPairs();
            this.ForInput(path, () =>
            {
                if (All)
                {
                    Listing.Write(
                        (skip, take, token) => ActiveSession.Client.GetPageAsync<JsonElement>(path, query, skip, take, token),
                        null,
                        element => WriteObject(JsonToPowerShell.ToPowerShell(element)));
                    return;
                }
                string? json = Body == null ? null : JsonToPowerShell.ToJson(Body);
                ApiResponse response = Await(token => ActiveSession.Client.SendAsync(new HttpMethod(Method.ToUpperInvariant()), path, query, json, token));
                if (response.Body.Length == 0) return;
                // The API never answers HTML: such a page is a proxy's or a sign-in page's (captive portal), named as an error.
                if (Net.BodyText.IsHtml(response.Body, response.MediaType))
                    throw new SoDataApiException(response.Method, response.Path, response.StatusCode, null,
                        $"{response.Method} {response.Path} answered {response.StatusCode} with {Net.BodyText.Describe(response.Body, response.MediaType)}.");
                if (response.MediaType != null && response.MediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    WriteObject(response.Text);
                    return;
                }
                using JsonDocument document = ParseJson(response);
                WriteObject(JsonToPowerShell.ToPowerShell(document.RootElement), enumerateCollection: false);
            });
        }

        private static JsonDocument ParseJson(ApiResponse response)
        {
            try
            {
                return JsonDocument.Parse(response.Body);
            }
            catch (JsonException ex)
            {
                throw new SoDataApiException(response.Method, response.Path, response.StatusCode, null,
                    $"{response.Method} {response.Path} answered with a body that is not JSON ({ex.Message}).", ex);
            }
        }

        private List<KeyValuePair<string, string?>>? QueryPairs()
        {
            if (Query == null) return null;
            var pairs = new List<KeyValuePair<string, string?>>();
            foreach (DictionaryEntry entry in Query)
            {
                object? value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                string? text = value switch
                {
                    null => null,
                    bool b => b ? "true" : "false",
                    DateTime dt => dt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                };
                pairs.Add(new KeyValuePair<string, string?>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, text));
            }
            return pairs;
        }

        /// <summary>Makes "ca", "/ca" and "api/v1/ca" the same route; a full URL must be under the session's API URL.</summary>
        private string NormalizePath(string path)
        {
            string relative = path.Trim();
            if (Uri.TryCreate(relative, UriKind.Absolute, out Uri? absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                string api = ActiveSession.ApiUrl.AbsoluteUri;
                if (!absolute.AbsoluteUri.StartsWith(api, StringComparison.OrdinalIgnoreCase))
                    ThrowTerminatingError(ErrorRecords.InvalidArgument("PathOutsideApi",
                        $"-Path '{path}' is not under the session's API URL {api}; the session's token is only sent there.", path));
                relative = absolute.AbsoluteUri.Substring(api.Length);
            }
            relative = relative.TrimStart('/');
            // '..' (or '%2e%2e') would take the session's token to another route of the server, even outside the API.
            if (RouteGuard.RouteProblem(relative) is { } problem)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("PathOutsideApi",
                    $"-Path '{Net.BodyText.Excerpt(path)}' cannot be sent: {problem}. Give a route under the API, such as 'ca' or 'ca/<uuid>/customers'; the session's token is only sent there.", path));
            return Routes.UnderApi(relative);
        }
    }
}
