using System;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>A cmdlet that calls the API with -Session, or the runspace's default session from Connect-SoData.</summary>
    public abstract class SoDataApiCmdlet : AsyncCmdlet
    {
        /// <summary>The session to use, from Connect-SoData -PassThru or Get-SoDataSession; default: the current one.</summary>
        [Parameter]
        [ValidateNotNull]
        public SoDataSession? Session { get; set; }

        /// <summary>The session in use; set in BeginProcessing.</summary>
        protected SoDataSession ActiveSession { get; private set; } = null!;

        protected override void BeginProcessing()
        {
            SoDataSession? session = Session ?? SessionStore.Current;
            if (session == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no SoData session. Run Connect-SoData first, or pass one with -Session."),
                    "NoSession", ErrorCategory.InvalidOperation, null)
                {
                    ErrorDetails = new ErrorDetails("There is no SoData session. Run Connect-SoData first, or pass one with -Session.")
                    {
                        RecommendedAction = "Run Connect-SoData, or pass the result of Connect-SoData -PassThru with -Session.",
                    },
                });
            }
            ActiveSession = session!;
            WriteVerbose($"Using the SoData session {ActiveSession}.");
        }
    }
}
