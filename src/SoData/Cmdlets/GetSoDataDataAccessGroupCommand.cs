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
            WriteAccountListing(CorporateAccountUuid ?? CorporateAccount, Routes.DataAccessGroups, null,
                new ListingFilter<DataAccessGroup>().Add(nameof(Name), Name, g => new[] { g.Name }), "data access group");
        }
    }
}
