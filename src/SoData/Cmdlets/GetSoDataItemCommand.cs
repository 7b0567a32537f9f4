using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the items of a device (Global, Unit 1, ...).</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataItem", SupportsPaging = true)]
    [OutputType(typeof(Item))]
    public sealed class GetSoDataItemCommand : DeviceScopedCmdlet
    {
        /// <summary>Item names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Item types to match (Global, Unit, Load...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ItemType { get; set; }

        protected override void ProcessRecord()
        {
            ForInput(DeviceUuid, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                var name = Matcher(Name);
                var type = Matcher(ItemType);
                WriteListing(
                    (skip, take, token) => ActiveSession.Client.GetPageAsync<Item>(Routes.Items(ca, DeviceUuid!), null, skip, take, token),
                    AllOf<Item>(name == null ? null : i => name(i.Name), type == null ? null : i => type(i.ItemType)),
                    item =>
                    {
                        item.CorporateAccountUuid = ca;
                        item.DeviceUuid ??= DeviceUuid;
                        item.DeviceName ??= DeviceName;
                        WriteApiObject(item);
                    });
            });
        }
    }
}
