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
        [ValidateUuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        /// <summary>The uuid of the corporate account for the current input, or null after writing an error.</summary>
        protected string? ResolveCorporateAccount() =>
            ResolveCorporateAccount(CorporateAccountUuid, CorporateAccount,
                $"pipe one in (Get-SoDataCorporateAccount -Name X | {MyInvocation.MyCommand.Name})", null);

        /// <summary>A filter that keeps objects whose text matches any of the patterns; null when no patterns were given.</summary>
        protected static Func<string?, bool>? Matcher(string[]? patterns)
        {
            if (patterns == null || patterns.Length == 0) return null;
            var compiled = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
            return text => compiled.Any(p => p.IsMatch(text ?? string.Empty));
        }

        /// <summary>Combines filters; null when there are none, so the listing can page on the server.</summary>
        protected static Func<T, bool>? AllOf<T>(params Func<T, bool>?[] filters)
        {
            var active = filters.Where(f => f != null).Select(f => f!).ToArray();
            if (active.Length == 0) return null;
            return item => active.All(f => f(item));
        }
    }
}
