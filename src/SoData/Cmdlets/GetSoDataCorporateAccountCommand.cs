using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the corporate accounts the signed-in user can see.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataCorporateAccount", DefaultParameterSetName = ByNameSet, SupportsPaging = true)]
    [OutputType(typeof(CorporateAccount))]
    public sealed class GetSoDataCorporateAccountCommand : SoDataCmdlet
    {
        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        private ListingWriter? _listing;
        private ListingWriter Listing => _listing ??= new ListingWriter(this, Async, InputWork, ThrottleLimit, PageSize, PagingParameters);

        private const string ByNameSet = "ByName";
        private const string ByUuidSet = "ByUuid";

        /// <summary>Names to match; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = ByNameSet)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByUuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("CorporateAccountUuid")]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Uuid { get; set; }

        protected override void ProcessInput()
        {
            // Per input: piped uuids are a new question each time.
            ListingFilter<CorporateAccount> filter = new ListingFilter<CorporateAccount>()
                .Add(nameof(Name), Name, ca => new[] { ca.Name })
                .AddExact(nameof(Uuid), Uuid, ca => ca.Uuid);

            bool failed = false;
            this.ForInput(Routes.CorporateAccounts, () =>
            {
                failed = true;
                Listing.Write(
                    ActiveSession.Client.ListCorporateAccountsAsync,
                    filter.Keep,
                    ca =>
                    {
                        ca.CorporateAccountUuid = ca.Uuid;
                        WriteObject(ca);
                    });
                failed = false;
            });

            if (failed || !Listing.WasComplete) return;
            // Like Get-Process -Name: a name without wildcards, or a uuid, that matches nothing is an error.
            string visibleTo = ActiveSession.UserName ?? "this session";
            foreach ((string parameter, string value) in filter.Unmatched())
            {
                string message = parameter == nameof(Name)
                    ? $"No corporate account named '{value}' is visible to {visibleTo}."
                    : $"No corporate account with uuid '{value}' is visible to {visibleTo}.";
                WriteError(ErrorRecords.NotFound("CorporateAccountNotFound", message, value));
            }
        }
    }
}
