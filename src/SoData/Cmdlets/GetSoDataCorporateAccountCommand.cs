using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the corporate accounts the signed-in user can see.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataCorporateAccount", DefaultParameterSetName = ByNameSet, SupportsPaging = true)]
    [OutputType(typeof(CorporateAccount))]
    public sealed class GetSoDataCorporateAccountCommand : SoDataListCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string ByUuidSet = "ByUuid";

        /// <summary>Names to match; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = ByNameSet)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByUuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("CorporateAccountUuid")]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Uuid { get; set; }

        protected override void ProcessInput()
        {
            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            var wanted = Uuid == null ? null : new HashSet<string>(Uuid, StringComparer.OrdinalIgnoreCase);
            var seenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var seenUuids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            Func<CorporateAccount, bool>? keep = null;
            if (patterns != null) keep = ca => patterns.Any(p => p.IsMatch(ca.Name ?? string.Empty));
            if (wanted != null) keep = ca => ca.Uuid != null && wanted.Contains(ca.Uuid);

            bool failed = false;
            ForInput(Routes.CorporateAccounts, () =>
            {
                failed = true;
                WriteListing(
                    ActiveSession.Client.ListCorporateAccountsAsync,
                    keep,
                    ca =>
                    {
                        ca.CorporateAccountUuid = ca.Uuid;
                        if (ca.Name != null) seenNames.Add(ca.Name);
                        if (ca.Uuid != null) seenUuids.Add(ca.Uuid);
                        WriteApiObject(ca);
                    });
                failed = false;
            });

            if (failed || FirstReached || (PagingParameters?.Skip ?? 0) > 0) return;
            // Like Get-Process -Name: a name without wildcards, or a uuid, that matches nothing is an error.
            foreach (string name in Name?.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !seenNames.Contains(n)) ?? Enumerable.Empty<string>())
                WriteError(NotFound($"No corporate account named '{name}' is visible to {ActiveSession.UserName ?? "this session"}.", name));
            foreach (string uuid in Uuid?.Where(u => !seenUuids.Contains(u)) ?? Enumerable.Empty<string>())
                WriteError(NotFound($"No corporate account with uuid '{uuid}' is visible to {ActiveSession.UserName ?? "this session"}.", uuid));
        }

        private static ErrorRecord NotFound(string message, string target) =>
            new ErrorRecord(new ItemNotFoundException(message), "CorporateAccountNotFound", ErrorCategory.ObjectNotFound, target);
    }
}
