using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>Lists the customers of a corporate account, with their address and contact.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataCustomer", SupportsPaging = true)]
    [OutputType(typeof(Customer))]
    public sealed class GetSoDataCustomerCommand : SoDataCmdlet, ICorporateAccountParameters, IPipedRows
    {
        private readonly CorporateAccountScope _accounts;

        public GetSoDataCustomerCommand() => _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);

        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        private ListingWriter? _listing;
        private ListingWriter Listing => _listing ??= new ListingWriter(this, Async, InputWork, ThrottleLimit, PageSize, PagingParameters);

        /// <summary>Any piped row, so that one with none of the right columns is reported by its position (see <see cref="IPipedRows"/>).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipelineObject { get; set; }
        private ListingFilter<Customer>? _filter;

        /// <summary>Customer names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        [ArgumentCompleter(typeof(CustomerNameCompleter))]
        public string[]? Name { get; set; }

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
            _filter ??= new ListingFilter<Customer>().Add(nameof(Name), Name, c => new[] { c.Name });
            _accounts.WriteListing(Listing, CorporateAccountUuid ?? CorporateAccount, ActiveSession.Client.ListCustomersAsync, _filter);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _filter?.WriteUnmatched(this, "CustomerNotFound", "customer", () => _filter.DescribePlaces("in", string.Empty, "corporate accounts"), Listing.WasComplete);
        }
    }
}
