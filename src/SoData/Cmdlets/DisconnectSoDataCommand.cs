using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Forgets the default session of this runspace (or the one given) and releases its connections.</summary>
    // Low impact: nothing is lost (Connect-SoData makes a new session), so only -Confirm asks.
    [Cmdlet(VerbsCommunications.Disconnect, "SoData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectSoDataCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public SoDataSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            SoDataSession? current = SessionStore.Current;
            SoDataSession? target = Session ?? current;
            if (target == null)
            {
                WriteVerbose("There is no SoData session to disconnect.");
                return;
            }
            if (!ShouldProcess(target.ToString(), "Disconnect")) return;
            if (ReferenceEquals(target, current)) SessionStore.Current = null;
            target.Dispose();
            WriteVerbose($"Disconnected the SoData session {target}.");
        }
    }
}
