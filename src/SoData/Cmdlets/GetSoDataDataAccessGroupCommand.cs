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
        private ListingFilter<DataAccessGroup>? _filter;

        /// <summary>Group names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessInput()
        {
            _filter ??= new ListingFilter<DataAccessGroup>().Add(nameof(Name), Name, g => new[] { g.Name });
            WriteAccountListing(CorporateAccountUuid ?? CorporateAccount, ActiveSession.Client.ListDataAccessGroupsAsync, _filter);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            WriteUnmatched(_filter, "DataAccessGroupNotFound", "data access group", () => _filter!.DescribePlaces("in", "corporate account", "corporate accounts"));
        }
    }
}
