using System.Collections.Generic;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>Lists the sites of a corporate account, or of one customer.</summary>
    [Cmdlet(VerbsCommon.Get, "SoDataSite", SupportsPaging = true)]
    [OutputType(typeof(Site))]
    public sealed class GetSoDataSiteCommand : CorporateAccountScopedCmdlet
    {
        /// <summary>Site names to match; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [NotEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only the sites of this customer; binds from a piped customer.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CustomerUuid { get; set; }

        protected override void ProcessInput()
        {
            ForInput(CustomerUuid ?? CorporateAccountUuid ?? CorporateAccount, () =>
            {
                string? ca = ResolveCorporateAccount();
                if (ca == null) return;
                var name = Matcher(Name);
                var query = CustomerUuid == null ? null : new[] { new KeyValuePair<string, string?>("customerUuid", CustomerUuid) };
                WriteListing(
                    (skip, take, token) => ActiveSession.Client.GetPageAsync<Site>(Routes.Sites(ca), query, skip, take, token),
                    AllOf<Site>(name == null ? null : s => name(s.Name)),
                    site =>
                    {
                        site.CorporateAccountUuid = ca;
                        site.CustomerUuid ??= CustomerUuid;
                        WriteApiObject(site);
                    });
            });
        }
    }
}
