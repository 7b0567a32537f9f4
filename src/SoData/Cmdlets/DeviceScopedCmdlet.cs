using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>A listing under one device: the device binds from a piped device (DeviceUuid) or a CSV column.</summary>
    public abstract class DeviceScopedCmdlet : CorporateAccountScopedCmdlet, IPipedRows
    {
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

        /// <summary>
        /// Lists what the route holds for the current input's device (several devices at once, output in input order),
        /// stamping each object with its corporate account and device. <paramref name="filter"/> remembers what matched
        /// and on which devices, for <see cref="WriteUnmatchedOnDevices"/> at the end.
        /// </summary>
        /// <param name="list">Reads one page of the listing, from the corporate account's and the device's uuids (a typed call of <see cref="ApiCalls"/>).</param>
        /// <param name="require">A condition of this input only (e.g. its piped item), checked before the filter.</param>
        internal void EnqueueDeviceListing<T>(Func<string, string, long, int, CancellationToken, Task<Page<T>>> list, ListingFilter<T> filter, Func<T, bool>? require = null) where T : ApiObject, IDeviceObject
        {
            if (string.IsNullOrEmpty(DeviceUuid))
            {
                WriteError(MissingValue(nameof(DeviceUuid), $"pipe devices in (Get-SoDataDevice -CorporateAccount SoLink | {MyInvocation.MyCommand.Name}), or give -DeviceUuid"));
                return;
            }
            ForInput(DeviceUuid, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                // Copied: the listing may run after PowerShell has bound the next input to these parameters.
                string device = DeviceUuid!;
                string? deviceName = DeviceName;
                EnqueueListing(
                    device,
                    (skip, take, token) => list(ca, device, skip, take, token),
                    Both(require, filter.Keep),
                    item =>
                    {
                        item.CorporateAccountUuid = ca;
                        item.DeviceUuid ??= device;
                        item.DeviceName ??= deviceName;
                        WriteApiObject(item);
                    },
                    () => filter.LookedIn(device, () => NameOfDevice(device, deviceName)));
            });
        }

        private static Func<T, bool>? Both<T>(Func<T, bool>? first, Func<T, bool>? second) =>
            first == null ? second : second == null ? first : item => first(item) && second(item);

        /// <summary>The not-found errors of <paramref name="filter"/>, naming the devices read: "No variable with -StreamRef 'X' on device 'Y' (uuid)."</summary>
        internal void WriteUnmatchedOnDevices<T>(ListingFilter<T>? filter, string what) =>
            WriteUnmatched(filter, typeof(T).Name + "NotFound", what, () => filter!.DescribePlaces("on", "device", "devices"));
    }
}
