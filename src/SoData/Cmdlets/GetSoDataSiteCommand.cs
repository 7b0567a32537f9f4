using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>Lists the sites of a corporate account, or of one customer.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataSite", SupportsPaging = true)]
    [OutputType(typeof(Site))]
    public sealed class GetSoDataSiteCommand : SoDataCmdlet, ICorporateAccountParameters, IPipedRows
    {
        private readonly CorporateAccountScope _accounts;

        public GetSoDataSiteCommand() => _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);

        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        private ListingWriter? _listing;
        private ListingWriter Listing => _listing ??= new ListingWriter(this, Async, InputWork, ThrottleLimit, PageSize, PagingParameters);

        /// <summary>Any piped row, so that one with none of the right columns is reported by its position (see <see cref="IPipedRows"/>).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipelineObject { get; set; }
        private ListingFilter<Site>? _filter;

        /// <summary>Site names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        [ArgumentCompleter(typeof(SiteNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the sites of this customer; binds from a piped customer.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CustomerUuid { get; set; }

        /// <summary>The uuid of the corporate account; binds from a piped object's CorporateAccountUuid.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        protected override void ProcessInput()
        {
            string? customer = CustomerUuid;
            // The API sends no corporate account uuid on a site; it is stamped from the account listed.
            _filter ??= new ListingFilter<Site>().Add(nameof(Name), Name, s => new[] { s.Name });
            _accounts.WriteListing(Listing, customer ?? CorporateAccountUuid ?? CorporateAccount,
                (ca, skip, take, token) => ActiveSession.Client.ListSitesAsync(ca, customer, skip, take, token), _filter,
                site => site.CustomerUuid ??= customer,
                ca => customer == null
                    ? (ca, () => _accounts.Describe(ca))
                    : (customer, () => $"customer {customer} of {_accounts.Describe(ca)}"));
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _filter?.WriteUnmatched(this, "SiteNotFound", "site", () => _filter.DescribePlaces("in", string.Empty, "places"), Listing.WasComplete);
        }
    }
}
