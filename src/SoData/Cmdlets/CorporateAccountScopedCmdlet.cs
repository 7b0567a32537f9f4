using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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

        /// <summary>
        /// Streams one listing of the current input's corporate account, stamping each object with the account when
        /// the API left it out; <paramref name="stamp"/> adds what else the caller knows. <paramref name="filter"/>
        /// remembers what matched and where it looked, for the not-found errors written at the end.
        /// </summary>
        /// <param name="list">Reads one page of the listing, from the corporate account's uuid (a typed call of <see cref="Client.ApiCalls"/>).</param>
        /// <param name="place">Where the listing looks, from the account's uuid ("corporate account 'SoLink'" by default).</param>
        internal void WriteAccountListing<T>(object? target, Func<string, long, int, CancellationToken, Task<Page<T>>> list,
            ListingFilter<T> filter, Action<T>? stamp = null, Func<string, (string Key, Func<string> Describe)>? place = null) where T : HierarchyObject
        {
            ForInput(target, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                WriteListing(
                    (skip, take, token) => list(ca, skip, take, token),
                    filter.Keep,
                    item =>
                    {
                        item.CorporateAccountUuid ??= ca;
                        stamp?.Invoke(item);
                        WriteApiObject(item);
                    });
                (string key, Func<string> describe) = place?.Invoke(ca) ?? (ca, () => DescribeAccount(ca));
                filter.LookedIn(key, describe);
            });
        }
    }
}
