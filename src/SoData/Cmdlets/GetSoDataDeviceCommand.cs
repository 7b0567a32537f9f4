using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Lists devices, with contact and address: of a site, of a customer (through its sites, as the API filters
    /// by site only), or of a whole corporate account; or finds devices by uuid (e.g. from a CSV file).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SoDataDevice", DefaultParameterSetName = ByParentSet, SupportsPaging = true)]
    [OutputType(typeof(Device))]
    public sealed class GetSoDataDeviceCommand : SoDataCmdlet, ICorporateAccountParameters, ICountsPipedRows, IDynamicParameters
    {
        private readonly CorporateAccountScope _accounts;

        public GetSoDataDeviceCommand() => _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);

        /// <summary>How many objects to ask for per request (the server may send fewer).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int PageSize { get; set; } = 100;

        private ListingWriter? _listing;
        private ListingWriter Listing => _listing ??= new ListingWriter(this, Async, InputWork, ThrottleLimit, PageSize, PagingParameters);

        private const string ByParentSet = "ByParent";
        private const string ByInputObjectSet = "ByInputObject";
        private const string ByUuidSet = "ByUuid";

        private ListingFilter<Device>? _filter;

        // Uuids asked for by -Uuid, per corporate account, in the order asked, with the piped row each came from:
        // resolved with one listing per account.
        private readonly Dictionary<string, List<(string Uuid, int? Row)>> _wantedUuids = new Dictionary<string, List<(string, int?)>>(StringComparer.OrdinalIgnoreCase);

        // Site names by site uuid, so a device says where it is (the API sends only siteUuid); accounts already read.
        private readonly Dictionary<string, string?> _siteNames = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _accountsWithSiteNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        private readonly PipedObjectCounter _pipedObjects = new PipedObjectCounter();

        PipedObjectCounter ICountsPipedRows.PipedObjects => _pipedObjects;

        /// <summary>A hidden parameter that counts piped rows, so that errors name them (see <see cref="ICountsPipedRows"/>).</summary>
        public object GetDynamicParameters() => _pipedObjects.DynamicParameter(ByParentSet, ByInputObjectSet, ByUuidSet);

        /// <summary>Device names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        [ArgumentCompleter(typeof(DeviceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Serial numbers to match; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [NotEmpty]
        [ArgumentCompleter(typeof(DeviceSerialNumberCompleter))]
        public string[]? SerialNumber { get; set; }

        /// <summary>Only the devices of this site (a CSV column, or a uuid).</summary>
        [Parameter(ParameterSetName = ByParentSet, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? SiteUuid { get; set; }

        /// <summary>Only the devices of this customer's sites (a CSV column, or a uuid).</summary>
        [Parameter(ParameterSetName = ByParentSet, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CustomerUuid { get; set; }

        /// <summary>
        /// A corporate account, customer, site or device from the pipeline. A typed parameter, so a piped object
        /// of the module binds by what it is, not by whichever of its uuid properties happens to match a name.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ByInputObjectSet, ValueFromPipeline = true)]
        public HierarchyObject InputObject { get; set; } = null!;

        /// <summary>The uuids of the devices to get, e.g. a DeviceUuid or Uuid column of a CSV file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByUuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("DeviceUuid")]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] Uuid { get; set; } = null!;

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
            object? target = (object?)InputObject ?? SiteUuid ?? CustomerUuid ?? CorporateAccountUuid ?? CorporateAccount;
            this.ForInput(target, () =>
            {
                string? ca = _accounts.Resolve(InputObject?.CorporateAccountUuid);
                if (ca == null) return;
                ListingFilter<Device> filter = _filter ??= new ListingFilter<Device>()
                    .Add(nameof(Name), Name, d => new[] { d.Name })
                    .Add(nameof(SerialNumber), SerialNumber, d => new[] { d.SerialNumber });

                switch (InputObject)
                {
                    case Site site:
                        if (site.Uuid != null) _siteNames[site.Uuid] = site.Name;
                        WriteDevicesOfSite(ca, site.Uuid, site.CustomerUuid, filter.Keep);
                        filter.LookedIn(site.Uuid ?? ca, () => $"site '{site.Name ?? site.Uuid}' of {_accounts.Describe(ca)}");
                        return;
                    case Customer customer:
                        WriteDevicesOfCustomer(ca, customer.Uuid!, filter.Keep);
                        filter.LookedIn(customer.Uuid!, () => $"the sites of customer '{customer.Name ?? customer.Uuid}' of {_accounts.Describe(ca)}");
                        return;
                    case Device device:
                        Want(ca, device.Uuid!);
                        return;
                    case CorporateAccount _:
                        WriteDevicesOfSite(ca, null, null, filter.Keep);
                        filter.LookedIn(ca, () => _accounts.Describe(ca));
                        return;
                    case HierarchyObject other:
                        WriteError(Input.WithRow(ErrorRecords.InvalidArgument("UnsupportedInputObject",
                            $"-InputObject takes a corporate account, customer, site or device; a {other.GetType().Name} has no devices.", other)));
                        return;
                }

                if (ParameterSetName == ByUuidSet)
                {
                    foreach (string uuid in Uuid) Want(ca, uuid);
                }
                else if (SiteUuid != null)
                {
                    string site = SiteUuid;
                    WriteDevicesOfSite(ca, site, CustomerUuid, filter.Keep);
                    filter.LookedIn(site, () => $"site {site} of {_accounts.Describe(ca)}");
                }
                else if (CustomerUuid != null)
                {
                    string customer = CustomerUuid;
                    WriteDevicesOfCustomer(ca, customer, filter.Keep);
                    filter.LookedIn(customer, () => $"the sites of customer {customer} of {_accounts.Describe(ca)}");
                }
                else
                {
                    WriteDevicesOfSite(ca, null, null, filter.Keep);
                    filter.LookedIn(ca, () => _accounts.Describe(ca));
                }
            });
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _filter?.WriteUnmatched(this, "DeviceNotFound", "device", () => _filter.DescribePlaces("in", string.Empty, "places"), Listing.WasComplete);
            foreach (KeyValuePair<string, List<(string Uuid, int? Row)>> account in _wantedUuids)
                this.ForInput(account.Key, () => WriteDevicesByUuid(account.Key, account.Value));
        }

        private void Want(string ca, string uuid)
        {
            if (!_wantedUuids.TryGetValue(ca, out List<(string, int?)>? uuids)) _wantedUuids[ca] = uuids = new List<(string, int?)>();
            uuids.Add((uuid, Input.Row));
        }

        /// <summary>The API has no route for one device: list the account's devices once, stopping when all are found.</summary>
        private void WriteDevicesByUuid(string ca, List<(string Uuid, int? Row)> wanted)
        {
            List<string> uuids = wanted.Select(w => w.Uuid).ToList();
            WriteVerbose($"Looking up {uuids.Distinct(StringComparer.OrdinalIgnoreCase).Count()} device uuid(s) in corporate account {ca}.");
            Dictionary<string, Device> found = Await(token => ActiveSession.Client.FindDevicesAsync(ca, uuids, PageSize, token));
            foreach ((string uuid, int? row) in wanted)
            {
                if (found.TryGetValue(uuid, out Device? device))
                {
                    device.CorporateAccountUuid = ca;
                    StampSiteName(ca, device);
                    WriteObject(device);
                }
                else
                {
                    string where = row == null ? string.Empty : PipedRows.Position(row.Value) + ": ";
                    WriteError(ErrorRecords.NotFound("DeviceNotFound", $"{where}No device with -Uuid '{uuid}' in {_accounts.Describe(ca)}.", uuid));
                }
            }
        }

        private void WriteDevicesOfCustomer(string ca, string customer, Func<Device, bool>? keep)
        {
            foreach (string site in SitesOf(ca, customer))
            {
                if (Listing.FirstReached) break;
                WriteDevicesOfSite(ca, site, customer, keep);
            }
        }

        private void WriteDevicesOfSite(string ca, string? site, string? customer, Func<Device, bool>? keep)
        {
            Listing.Write(
                (skip, take, token) => ActiveSession.Client.ListDevicesAsync(ca, site, skip, take, token),
                keep,
                device =>
                {
                    device.CorporateAccountUuid = ca;
                    device.CustomerUuid ??= customer;
                    StampSiteName(ca, device);
                    WriteObject(device);
                });
        }

        /// <summary>Sets the device's SiteName, reading the account's sites once when the device's site is not known yet.</summary>
        private void StampSiteName(string ca, Device device)
        {
            if (device.SiteUuid == null || device.SiteName != null) return;
            if (!_siteNames.ContainsKey(device.SiteUuid) && _accountsWithSiteNames.Add(ca))
            {
                foreach (Site site in Await(token => ActiveSession.Client.ListAllSitesAsync(ca, null, 1000, token)))
                {
                    if (site.Uuid != null && !_siteNames.ContainsKey(site.Uuid)) _siteNames[site.Uuid] = site.Name;
                }
            }
            if (_siteNames.TryGetValue(device.SiteUuid, out string? name)) device.SiteName = name;
        }

        private List<string> SitesOf(string ca, string customer)
        {
            List<Site> found = Await(token => ActiveSession.Client.ListAllSitesAsync(ca, customer, PageSize, token)).Where(s => s.Uuid != null).ToList();
            foreach (Site site in found) _siteNames[site.Uuid!] = site.Name;
            List<string> sites = found.Select(s => s.Uuid!).ToList();
            WriteVerbose($"Customer {customer} has {sites.Count} site(s); listing their devices site by site.");
            return sites;
        }
    }
}
