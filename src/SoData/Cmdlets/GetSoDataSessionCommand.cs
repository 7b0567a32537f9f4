using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Shows the default session of this runspace: where it points, who it is, when its tokens expire.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataSession")]
    [OutputType(typeof(SoDataSession))]
    public sealed class GetSoDataSessionCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            SoDataSession? session = SessionStore.Current;
            if (session != null) WriteObject(session);
            else WriteVerbose("There is no SoData session in this runspace. Run Connect-SoData.");
        }
    }
}
