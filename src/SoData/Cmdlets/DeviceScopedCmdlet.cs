using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>A listing under one device: the device binds from a piped device (DeviceUuid) or a CSV column.</summary>
    public abstract class DeviceScopedCmdlet : CorporateAccountScopedCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device (its Name) so that the output can say which device it belongs to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }
    }
}
