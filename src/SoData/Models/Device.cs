using System;
using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>A device of a site: a UPS, an energy meter, an IoT gateway...</summary>
    [PropertyAlias("DeviceUuid", nameof(Uuid))]
    [PropertyAlias("DeviceName", nameof(Name))]
    public sealed class Device : HierarchyObject
    {
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? SerialNumber { get; set; }
        public string? ModelName { get; set; }
        public string? Manufacturer { get; set; }
        public string? Status { get; set; }
        public string? ConnectionStatus { get; set; }
        public string? TechnicalName { get; set; }
        public string? Description { get; set; }
        public string? EmailTo { get; set; }
        public string? EmailCc { get; set; }
        public string? MappingMode { get; set; }
        public string? AcquisitionId { get; set; }
        public int? FrequencyStatus { get; set; }
        public int? FrequencyStream { get; set; }
        public string? CreationType { get; set; }
        public string? Visibility { get; set; }
        public double? Longitude { get; set; }
        public double? Latitude { get; set; }
        public string? DeviceTypeUuid { get; set; }
        public string? DeviceTypeReferenceId { get; set; }
        public string? Location { get; set; }
        public string? ContractNumber { get; set; }
        public bool? ProfileIsUpToDate { get; set; }
        public bool? CreateNoCommunicationAlarm { get; set; }
        public int? NoCommunicationPeriod { get; set; }
        public bool? Locked { get; set; }
        public string? AdditionalInformation { get; set; }
        public long? GatewayId { get; set; }
        public string? ConfigurationKey { get; set; }
        public string? StorageName { get; set; }
        public string? NetId { get; set; }
        public string? MovingAuthorization { get; set; }
        public string? SiteUuid { get; set; }
        public string? GatewayUuid { get; set; }
        public string? IconUuid { get; set; }
        public Contact? Contact { get; set; }
        public Address? Address { get; set; }
        public string? TimeZone { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public bool? Owned { get; set; }

        /// <summary>The customer of the device's site, when the device was reached through it; the API does not send it.</summary>
        public string? CustomerUuid { get; set; }

        /// <summary>The name of the device's site, looked up by the module (the API sends only siteUuid).</summary>
        public string? SiteName { get; set; }

        /// <summary>The device's custom fields as the API sent them (the guide's custom.socomec: deviceId, nomPowerKVA...).</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? Custom { get; set; }

        /// <summary>The device's configuration options as the API sent them.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? ConfigurationOptions { get; set; }

        /// <summary>The device's tags as the API sent them (null, or a list).</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? Tags { get; set; }

        public override string ToString() => Name ?? SerialNumber ?? Uuid ?? string.Empty;
    }
}
