using System.Linq;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>Lists the variables of a device, or of one of its items.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataVariable", SupportsPaging = true)]
    [OutputType(typeof(Variable))]
    public sealed class GetSoDataVariableCommand : SoDataCmdlet, ICorporateAccountParameters, IPipedRows
    {
        private readonly CorporateAccountScope _accounts;

        public GetSoDataVariableCommand() => _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);

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

        private ListingFilter<Variable>? _filter;

        /// <summary>Matches the variable's title, service name or label; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only the variables of this item; binds from a piped item.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? ItemUuid { get; set; }

        /// <summary>Service types to match (Measure, Alarm, Status...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? ServiceType { get; set; }

        /// <summary>Service ids to match, e.g. 140100 (Ups output global load rate).</summary>
        [Parameter]
        [NotEmpty]
        public int[]? ServiceId { get; set; }

        /// <summary>Item types to match (Global, Unit...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? ItemType { get; set; }

        /// <summary>Mapping configs to match, "Item|Index|ServiceId" such as Global|0|140100; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [NotEmpty]
        [StreamRefPattern]
        [ArgumentCompleter(typeof(StreamRefCompleter))]
        public string[]? StreamRef { get; set; }

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
            _filter ??= new ListingFilter<Variable>()
                .Add(nameof(Name), Name, v => new[] { v.Title, v.ServiceName, v.Label })
                .Add(nameof(ServiceType), ServiceType, v => new[] { v.ServiceType })
                .AddExact(nameof(ServiceId), ServiceId, v => v.ServiceId)
                .Add(nameof(ItemType), ItemType, v => new[] { v.ItemType })
                .Add(nameof(StreamRef), StreamRef, v => new[] { v.StreamRef });
            // The piped item (if any) changes with each input; it names nothing the user typed, so it is never reported.
            string? item = ItemUuid;
            _accounts.EnqueueDeviceListing(Listing, DeviceUuid, DeviceName, ActiveSession.Client.ListVariablesAsync, _filter,
                item == null ? null : v => string.Equals(v.ItemUuid, item, System.StringComparison.OrdinalIgnoreCase));
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _accounts.WriteUnmatchedOnDevices(_filter, "variable", Listing.WasComplete);
        }
    }
}
