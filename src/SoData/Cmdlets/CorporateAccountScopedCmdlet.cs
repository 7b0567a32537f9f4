using System;
using System.Linq;
using System.Management.Automation;
using SoData.Cmdlets.Completers;

namespace SoData.Cmdlets
{
    /// <summary>
    /// A listing inside one corporate account: the account comes from a piped object (CorporateAccountUuid by
    /// property name), from -CorporateAccount (a name or a uuid, with tab completion), or, when the session can
    /// see only one account, from the session itself.
    /// </summary>
    public abstract class CorporateAccountScopedCmdlet : SoDataListCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        /// <summary>The uuid of the corporate account for the current input, or null after writing an error.</summary>
        protected string? ResolveCorporateAccount() =>
            ResolveCorporateAccount(CorporateAccountUuid, CorporateAccount,
                $"pipe one in (Get-SoDataCorporateAccount -Name X | {MyInvocation.MyCommand.Name})", null);
    }
}
