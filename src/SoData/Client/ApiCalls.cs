using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Client
{
    /// <summary>
    /// The API's listings as typed calls: every query name the API reads (customerUuid, siteUuid, withContact,
    /// detailsLevel...) is written here, beside <see cref="Routes"/>, so no cmdlet builds a query by hand.
    /// Each List...Async reads one take/skip page; the cmdlets page with <see cref="PagedReader{T}"/>.
    /// </summary>
    internal static class ApiCalls
    {
        private static readonly KeyValuePair<string, string?>[] AllDetails = { Pair("detailsLevel", "ALL") };

        public static Task<Page<CorporateAccount>> ListCorporateAccountsAsync(this SoDataClient client, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, skip, take, cancellationToken);

        /// <summary>Customers with their address and contact (detailsLevel=ALL).</summary>
        public static Task<Page<Customer>> ListCustomersAsync(this SoDataClient client, string ca, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<Customer>(Routes.Customers(ca), AllDetails, skip, take, cancellationToken);

        /// <summary>The sites of the account, or of one <paramref name="customer"/> when given.</summary>
        public static Task<Page<Site>> ListSitesAsync(this SoDataClient client, string ca, string? customer, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<Site>(Routes.Sites(ca), customer == null ? null : new[] { Pair("customerUuid", customer) }, skip, take, cancellationToken);

        /// <summary>Every site of the account, or of one customer: the first step of the customer → sites → devices walk (the API filters devices by site only).</summary>
        public static Task<List<Site>> ListAllSitesAsync(this SoDataClient client, string ca, string? customer, int pageSize, CancellationToken cancellationToken) =>
            new PagedReader<Site>((skip, take, token) => client.ListSitesAsync(ca, customer, skip, take, token), pageSize).ReadAllAsync(cancellationToken);

        /// <summary>Devices with contact and address: of one <paramref name="site"/>, or of the whole account.</summary>
        public static Task<Page<Device>> ListDevicesAsync(this SoDataClient client, string ca, string? site, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<Device>(Routes.Devices(ca), new[] { Pair("siteUuid", site), Pair("withContact", "true"), Pair("withAddress", "true") }, skip, take, cancellationToken);

        /// <summary>
        /// The devices of the account with these uuids, found by uuid (case-insensitive). The API has no route for one
        /// device: the account's devices are listed once, stopping as soon as every uuid is found.
        /// </summary>
        public static async Task<Dictionary<string, Device>> FindDevicesAsync(this SoDataClient client, string ca, IEnumerable<string> uuids, int pageSize, CancellationToken cancellationToken)
        {
            var missing = new HashSet<string>(uuids, StringComparer.OrdinalIgnoreCase);
            var found = new Dictionary<string, Device>(StringComparer.OrdinalIgnoreCase);
            var reader = new PagedReader<Device>((skip, take, token) => client.ListDevicesAsync(ca, null, skip, take, token), pageSize);
            while (missing.Count > 0 && await reader.NextPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
            {
                foreach (Device device in page.Where(d => d.Uuid != null && missing.Remove(d.Uuid))) found[device.Uuid!] = device;
            }
            return found;
        }

        public static Task<Page<DataAccessGroup>> ListDataAccessGroupsAsync(this SoDataClient client, string ca, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<DataAccessGroup>(Routes.DataAccessGroups(ca), null, skip, take, cancellationToken);

        public static Task<Page<Item>> ListItemsAsync(this SoDataClient client, string ca, string device, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<Item>(Routes.Items(ca, device), null, skip, take, cancellationToken);

        public static Task<Page<Variable>> ListVariablesAsync(this SoDataClient client, string ca, string device, long skip, int take, CancellationToken cancellationToken) =>
            client.GetPageAsync<Variable>(Routes.Variables(ca, device), null, skip, take, cancellationToken);

        /// <summary>Every variable of a device, for callers that need the whole list (completion, -StreamRef lookups).</summary>
        public static Task<List<Variable>> ListAllVariablesAsync(this SoDataClient client, string ca, string device, int pageSize, CancellationToken cancellationToken) =>
            new PagedReader<Variable>((skip, take, token) => client.ListVariablesAsync(ca, device, skip, take, token), pageSize).ReadAllAsync(cancellationToken);

        private static KeyValuePair<string, string?> Pair(string name, string? value) => new KeyValuePair<string, string?>(name, value);
    }
}
