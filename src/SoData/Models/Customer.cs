namespace SoData
{
    /// <summary>A customer of a corporate account.</summary>
    [PropertyAlias("CustomerUuid", nameof(Uuid))]
    public sealed class Customer : HierarchyObject
    {
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? TechnicalName { get; set; }
        public string? Reference { get; set; }
        public string? Description { get; set; }
        public string? EmailTo { get; set; }
        public string? EmailCc { get; set; }
        public string? Visibility { get; set; }
        public long? CorporateAccountId { get; set; }
        public string? AdditionalInformation { get; set; }
        public string? MovingAuthorization { get; set; }
        public string? IconUuid { get; set; }
        public Address? CompanyAddress { get; set; }
        public Contact? Contact { get; set; }
        public int? SitesQuantity { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
