using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the items of a device (Global, Unit 1, ...).</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataItem", SupportsPaging = true)]
    [OutputType(typeof(Item))]
    public sealed class GetSoDataItemCommand : DeviceScopedCmdlet
    {
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

        protected override void ProcessInput()
        {
            _filter ??= new ListingFilter<Item>()
                .Add(nameof(Name), Name, i => new[] { i.Name })
                .Add(nameof(ItemType), ItemType, i => new[] { i.ItemType });
            EnqueueDeviceListing(ActiveSession.Client.ListItemsAsync, _filter);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            WriteUnmatchedOnDevices(_filter, "item");
        }
    }
}
