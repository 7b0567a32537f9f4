using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the data access groups (DAG) of a corporate account.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataDataAccessGroup", SupportsPaging = true)]
    [OutputType(typeof(DataAccessGroup))]
    public sealed class GetSoDataDataAccessGroupCommand : CorporateAccountScopedCmdlet
    {
        /// <summary>Group names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessInput()
        {
            ForInput(CorporateAccountUuid ?? CorporateAccount, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                var name = Matcher(Name);
                WriteListing(
                    (skip, take, token) => ActiveSession.Client.GetPageAsync<DataAccessGroup>(Routes.DataAccessGroups(ca), null, skip, take, token),
                    AllOf<DataAccessGroup>(name == null ? null : g => name(g.Name)),
                    group =>
                    {
                        group.CorporateAccountUuid ??= ca;
                        WriteApiObject(group);
                    });
            });
        }
    }
}
