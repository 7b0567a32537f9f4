using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>A site of a customer.</summary>
    [PropertyAlias("SiteUuid", nameof(Uuid))]
    public sealed class Site : HierarchyObject
    {
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? TechnicalName { get; set; }
        public string? Description { get; set; }
        public string? EmailTo { get; set; }
        public string? EmailCc { get; set; }
        public string? Language { get; set; }
        public string? ActivationKey { get; set; }
        public string? Visibility { get; set; }
        public long? CustomerId { get; set; }
        public bool? AutoGatewaysRegistration { get; set; }
        public bool? AutoProductsRegistration { get; set; }
        public string? TimeZone { get; set; }
        public string? AdditionalInformation { get; set; }
        public string? MovingAuthorization { get; set; }
        public string? CustomerUuid { get; set; }
        public int? DevicesQuantity { get; set; }

        /// <summary>The site's configuration options as the API sent them.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? ConfigurationOptions { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
