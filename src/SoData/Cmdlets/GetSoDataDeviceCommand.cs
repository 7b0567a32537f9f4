using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Lists devices, with contact and address: of a site, of a customer (through its sites, as the API filters
    /// by site only), or of a whole corporate account.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SoDataDevice", SupportsPaging = true)]
    [OutputType(typeof(Device))]
    public sealed class GetSoDataDeviceCommand : CorporateAccountScopedCmdlet
    {
        /// <summary>Device names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Serial numbers to match; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? SerialNumber { get; set; }

        /// <summary>Only the devices of this site; binds from a piped site.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string? SiteUuid { get; set; }

        /// <summary>Only the devices of this customer's sites; binds from a piped customer.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string? CustomerUuid { get; set; }

        protected override void ProcessRecord()
        {
            ForInput(SiteUuid ?? CustomerUuid ?? CorporateAccountUuid ?? CorporateAccount, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                var name = Matcher(Name);
                var serial = Matcher(SerialNumber);
                var keep = AllOf<Device>(name == null ? null : d => name(d.Name), serial == null ? null : d => serial(d.SerialNumber));

                if (SiteUuid != null)
                {
                    WriteDevicesOfSite(ca, SiteUuid, CustomerUuid, keep);
                }
                else if (CustomerUuid != null)
                {
                    foreach (string site in SitesOf(ca, CustomerUuid))
                    {
                        if (FirstReached) break;
                        WriteDevicesOfSite(ca, site, CustomerUuid, keep);
                    }
                }
                else
                {
                    WriteDevicesOfSite(ca, null, null, keep);
                }
            });
        }

        private void WriteDevicesOfSite(string ca, string? site, string? customer, System.Func<Device, bool>? keep)
        {
            var query = new List<KeyValuePair<string, string?>>
            {
                new KeyValuePair<string, string?>("siteUuid", site),
                new KeyValuePair<string, string?>("withContact", "true"),
                new KeyValuePair<string, string?>("withAddress", "true"),
            };
            WriteListing(
                (skip, take, token) => ActiveSession.Client.GetPageAsync<Device>(Routes.Devices(ca), query, skip, take, token),
                keep,
                device =>
                {
                    device.CorporateAccountUuid = ca;
                    device.CustomerUuid ??= customer;
                    WriteApiObject(device);
                });
        }

        private List<string> SitesOf(string ca, string customer)
        {
            var query = new[] { new KeyValuePair<string, string?>("customerUuid", customer) };
            var reader = new PagedReader<Site>((skip, take, token) => ActiveSession.Client.GetPageAsync<Site>(Routes.Sites(ca), query, skip, take, token), PageSize);
            var sites = new List<string>();
            while (Await(token => reader.NextPageAsync(token)) is { } page) sites.AddRange(page.Where(s => s.Uuid != null).Select(s => s.Uuid!));
            WriteVerbose($"Customer {customer} has {sites.Count} site(s); listing their devices site by site.");
            return sites;
        }
    }
}
