namespace SoData
{
    /// <summary>A corporate account (CA): the root of the SoData hierarchy.</summary>
    public sealed class CorporateAccount : HierarchyObject
    {
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? DefaultCustomerUuid { get; set; }
        public string? ActivationType { get; set; }
        public string? EmailTo { get; set; }
        public string? EmailCc { get; set; }
        public bool? CanPublish { get; set; }
        public bool? AutoTemplateSynchro { get; set; }
        public bool? IsMultiCustomerAccount { get; set; }
        public bool? Active { get; set; }
        public string? MovingAuthorization { get; set; }
        public string? IconUuid { get; set; }
        public ValueList<UserLink>? UserLinks { get; set; }
        public bool? IsMaster { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }

    /// <summary>A user's link to a corporate account.</summary>
    public sealed class UserLink : ApiObject
    {
        public string? Uuid { get; set; }
        public string? Status { get; set; }
        public bool? IsSupport { get; set; }
        public long? CorporateAccountId { get; set; }
        public long? UserId { get; set; }

        public override string ToString() => $"user {UserId} {Status}".Trim();
    }
}
