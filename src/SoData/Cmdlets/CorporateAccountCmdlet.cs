using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// A cmdlet that works inside one corporate account per input: the account comes from a piped object
    /// (CorporateAccountUuid by property name), from -CorporateAccount (a name or a uuid, with tab completion), or, when
    /// the session can see only one account, from the session itself. The two parameters are declared here only.
    /// </summary>
    public abstract class CorporateAccountCmdlet : SoDataCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        /// <summary>The uuid of the corporate account for the current input of a listing, or null after writing an error.</summary>
        protected string? ResolveCorporateAccount() =>
            ResolveCorporateAccount(CorporateAccountUuid, CorporateAccount,
                $"pipe one in (Get-SoDataCorporateAccount -Name X | {MyInvocation.MyCommand.Name})", null);

        /// <summary>The uuid of the corporate account of a measured object (<paramref name="fromObject"/> first), or null after writing an error.</summary>
        protected string? ResolveCorporateAccount(string? fromObject, object? target) =>
            ResolveCorporateAccount(fromObject ?? CorporateAccountUuid, CorporateAccount,
                "pipe objects from Get-SoDataDevice or Get-SoDataVariable", target);

        /// <summary>
        /// Streams one listing of the current input's corporate account, stamping each object with the account when
        /// the API left it out; <paramref name="stamp"/> adds what else the caller knows. <paramref name="filter"/>
        /// remembers what matched and where it looked, for the not-found errors written at the end.
        /// </summary>
        /// <param name="list">Reads one page of the listing, from the corporate account's uuid (a typed call of <see cref="Client.ApiCalls"/>).</param>
        /// <param name="place">Where the listing looks, from the account's uuid ("corporate account 'SoLink'" by default).</param>
        internal void WriteAccountListing<T>(ListingWriter listing, object? target, Func<string, long, int, CancellationToken, Task<Page<T>>> list,
            ListingFilter<T> filter, Action<T>? stamp = null, Func<string, (string Key, Func<string> Describe)>? place = null) where T : HierarchyObject
        {
            ForInput(target, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                listing.Write(
                    (skip, take, token) => list(ca, skip, take, token),
                    filter.Keep,
                    item =>
                    {
                        item.CorporateAccountUuid ??= ca;
                        stamp?.Invoke(item);
                        WriteApiObject(item);
                    });
                (string key, Func<string> describe) = place?.Invoke(ca) ?? (ca, () => DescribeAccount(ca));
                filter.LookedIn(key, describe);
            });
        }

        /// <summary>
        /// Lists what a device holds for the current input's <paramref name="device"/> (several devices at once, output in
        /// input order), stamping each object with its corporate account and device. <paramref name="filter"/> remembers
        /// what matched and on which devices, for <see cref="WriteUnmatchedOnDevices"/> at the end.
        /// </summary>
        /// <param name="list">Reads one page of the listing, from the corporate account's and the device's uuids (a typed call of <see cref="Client.ApiCalls"/>).</param>
        /// <param name="require">A condition of this input only (e.g. its piped item), checked before the filter.</param>
        internal void EnqueueDeviceListing<T>(ListingWriter listing, string? device, string? deviceName,
            Func<string, string, long, int, CancellationToken, Task<Page<T>>> list, ListingFilter<T> filter, Func<T, bool>? require = null) where T : ApiObject, IDeviceObject
        {
            if (string.IsNullOrEmpty(device))
            {
                WriteError(MissingValue("DeviceUuid", $"pipe devices in (Get-SoDataDevice -CorporateAccount SoLink | {MyInvocation.MyCommand.Name}), or give -DeviceUuid"));
                return;
            }
            ForInput(device, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                listing.Enqueue(
                    device,
                    (skip, take, token) => list(ca, device!, skip, take, token),
                    Both(require, filter.Keep),
                    item =>
                    {
                        item.CorporateAccountUuid = ca;
                        item.DeviceUuid ??= device;
                        item.DeviceName ??= deviceName;
                        WriteApiObject(item);
                    },
                    () => filter.LookedIn(device!, () => NameOfDevice(device!, deviceName)));
            });
        }

        private static Func<T, bool>? Both<T>(Func<T, bool>? first, Func<T, bool>? second) =>
            first == null ? second : second == null ? first : item => first(item) && second(item);

        /// <summary>The not-found errors of <paramref name="filter"/>, naming the devices read: "No variable with -StreamRef 'X' on device 'Y' (uuid)."</summary>
        internal void WriteUnmatchedOnDevices<T>(ListingFilter<T>? filter, string what, bool complete) =>
            WriteUnmatched(filter, typeof(T).Name + "NotFound", what, () => filter!.DescribePlaces("on", "device", "devices"), complete);
    }
}
