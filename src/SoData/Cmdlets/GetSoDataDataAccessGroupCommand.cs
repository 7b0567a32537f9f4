using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the data access groups (DAG) of a corporate account.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataDataAccessGroup", SupportsPaging = true)]
    [OutputType(typeof(DataAccessGroup))]
    public sealed class GetSoDataDataAccessGroupCommand : CorporateAccountScopedCmdlet, IPipedRows
    {
        /// <summary>Any piped row, so that one with none of the right columns is reported by its position (see <see cref="IPipedRows"/>).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipelineObject { get; set; }

        /// <summary>Group names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessInput()
        {
            var name = Matcher(Name);
            WriteAccountListing<DataAccessGroup>(CorporateAccountUuid ?? CorporateAccount, Routes.DataAccessGroups, null,
                AllOf<DataAccessGroup>(name == null ? null : g => name(g.Name)));
        }
    }
}
