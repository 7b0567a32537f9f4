using System.Collections.Generic;
using System.Linq;
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
        [ValidateUuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        /// <summary>The CA uuid for the current input (<paramref name="fromObject"/> first), or null after writing an error.</summary>
        protected string? ResolveCorporateAccount(string? fromObject, object? target)
        {
            if (!string.IsNullOrEmpty(fromObject)) return fromObject;
            if (!string.IsNullOrEmpty(CorporateAccountUuid)) return CorporateAccountUuid;
            IReadOnlyList<CorporateAccount> accounts = Await(token => ActiveSession.CorporateAccounts.GetAllAsync(token));
            if (!string.IsNullOrEmpty(CorporateAccount))
            {
                CorporateAccount? match = CorporateAccountDirectory.Find(accounts, CorporateAccount!);
                if (match?.Uuid != null) return match.Uuid;
                WriteError(InvalidArgument("CorporateAccountNotFound",
                    $"-CorporateAccount '{CorporateAccount}' matches no corporate account visible to this session. Visible: {Names(accounts)}.", CorporateAccount));
                return null;
            }
            if (accounts.Count == 1 && accounts[0].Uuid != null) return accounts[0].Uuid;
            WriteError(InvalidArgument("CorporateAccountRequired",
                $"{MyInvocation.MyCommand.Name} needs the corporate account of '{target}': pipe objects from Get-SoDataDevice or Get-SoDataVariable, or give -CorporateAccount (name or uuid) or -CorporateAccountUuid. Visible: {Names(accounts)}.", target));
            return null;
        }

        private static string Names(IReadOnlyList<CorporateAccount> accounts) =>
            accounts.Count == 0 ? "none" : string.Join(", ", accounts.Select(a => a.Name));
    }
}
