using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>Lists the items of a device (Global, Unit 1, ...).</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataItem", SupportsPaging = true)]
    [OutputType(typeof(Item))]
    public sealed class GetSoDataItemCommand : SoDataCmdlet, ICorporateAccountParameters, IPipedRows
    {
        private readonly CorporateAccountScope _accounts;

        public GetSoDataItemCommand() => _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);

        /// <summary>Any piped row, so that one with none of the right columns is reported by its position (see <see cref="IPipedRows"/>).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipelineObject { get; set; }

        // Not Mandatory: a piped row without it reaches the cmdlet, whose error names the row and the columns that work.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device (its Name) so that the output can say which device it belongs to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }

        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        private ListingWriter? _listing;
        private ListingWriter Listing => _listing ??= new ListingWriter(this, Async, InputWork, ThrottleLimit, PageSize, PagingParameters);

        private ListingFilter<Item>? _filter;

        /// <summary>Item names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        /// <summary>Item types to match (Global, Unit, Load...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? ItemType { get; set; }

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
            _filter ??= new ListingFilter<Item>()
                .Add(nameof(Name), Name, i => new[] { i.Name })
                .Add(nameof(ItemType), ItemType, i => new[] { i.ItemType });
            _accounts.EnqueueDeviceListing(Listing, DeviceUuid, DeviceName, ActiveSession.Client.ListItemsAsync, _filter);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _accounts.WriteUnmatchedOnDevices(_filter, "item", Listing.WasComplete);
        }
    }
}
