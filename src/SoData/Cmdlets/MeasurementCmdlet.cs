using System.Management.Automation;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Base of Get-SoDataLastValue and Get-SoDataDatapoint: the corporate account comes from the piped object
    /// (CorporateAccountUuid), from -CorporateAccount (name or uuid) or -CorporateAccountUuid, or, when the session
    /// sees only one account, from the session.
    /// </summary>
    public abstract class MeasurementCmdlet : SoDataApiCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        /// <summary>The CA uuid for the current input (<paramref name="fromObject"/> first), or null after writing an error.</summary>
        protected string? ResolveCorporateAccount(string? fromObject, object? target) =>
            ResolveCorporateAccount(fromObject ?? CorporateAccountUuid, CorporateAccount,
                "pipe objects from Get-SoDataDevice or Get-SoDataVariable", target);
    }
}
