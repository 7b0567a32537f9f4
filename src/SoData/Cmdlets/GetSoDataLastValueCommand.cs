using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Gets the latest value of every variable of devices (GET ca/{ca}/devices/{device}/last-values): devices from
    /// the pipeline (Get-SoDataDevice output, or any object with DeviceUuid or Uuid and CorporateAccountUuid) or by
    /// -DeviceUuid. Value is a number when the API's text reads as one (invariant culture); RawValue keeps the text.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SoDataLastValue")]
    [OutputType(typeof(LastValue))]
    public sealed class GetSoDataLastValueCommand : SoDataCmdlet, ICorporateAccountParameters, IPipedRows
    {
        private readonly CorporateAccountScope _accounts;

        public GetSoDataLastValueCommand() => _accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);

        /// <summary>Any piped row, so that one with none of the right columns is reported by its position (see <see cref="IPipedRows"/>).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipelineObject { get; set; }

        private ListingFilter<LastValue>? _filter;
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The devices; binds from a piped device (DeviceUuid, or Uuid as in a CSV of devices).</summary>
        // Not Mandatory: a piped row without it reaches the cmdlet, whose error names the row and the columns that work.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Uuid")]
        [NotEmpty]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device (its Name) so that a not-found error can name the device.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }

        /// <summary>Service types to keep (Measure, Alarm, Status...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? ServiceType { get; set; }

        /// <summary>Service ids to keep, e.g. 140100.</summary>
        [Parameter]
        [NotEmpty]
        public int[]? ServiceId { get; set; }

        /// <summary>Mapping configs to keep, Item|Index|ServiceId such as Global|0|140100; wildcards allowed.</summary>
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
            if (DeviceUuid == null)
            {
                WriteError(Input.MissingValue(nameof(DeviceUuid), "pipe devices in (Get-SoDataDevice -CorporateAccount SoLink | Get-SoDataLastValue), or give -DeviceUuid"));
                return;
            }

            string[] devices = DeviceUuid ?? Array.Empty<string>();
            string? deviceName = devices.Length == 1 ? DeviceName : null;
            foreach (string device in devices)
            {
                this.ForInput(device, () =>
                {
                    string? ca = _accounts.Resolve(null, device);
                    if (ca == null) return;
                    if (!_done.Add(ca + "/" + device))
                    {
                        WriteVerbose($"Device {device} was already read in this command; skipped.");
                        return;
                    }
                    // Several devices are read at once (-ThrottleLimit); their values are written in input order.
                    ListingFilter<LastValue> filter = _filter ??= new ListingFilter<LastValue>()
                        .Add(nameof(ServiceType), ServiceType, v => new[] { v.ServiceType })
                        .AddExact(nameof(ServiceId), ServiceId, v => v.ServiceId)
                        .Add(nameof(StreamRef), StreamRef, v => new[] { v.StreamRef });
                    InputWork.Add(device, token => DatapointsApi.GetLastValuesAsync(ActiveSession.Client, ca, device, token), values =>
                    {
                        foreach (LastValue value in values)
                        {
                            if (filter.Keep == null || filter.Keep(value)) WriteObject(value);
                        }
                        filter.LookedIn(device, () => DeviceNames.Name(device, deviceName));
                    });
                });
            }
        }

        protected override void EndProcessing()
        {
            InputWork.CompleteAll();
            _filter?.WriteUnmatched(this, "LastValueNotFound", "last value", () => _filter.DescribePlaces("on", "device", "devices"));
        }
    }
}
