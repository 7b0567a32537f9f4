using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>A variable of a device item, bound to a service; addressed by its mapping config StreamRef "Item|Index|ServiceId".</summary>
    public sealed class Variable : HierarchyObject, IDeviceObject
    {
        public string? Uuid { get; set; }
        public string? DeviceUuid { get; set; }
        public string? DeviceSerialNumber { get; set; }
        public string? DeviceTypeUuid { get; set; }
        public string? Label { get; set; }
        public string? CompatibilityVersion { get; set; }
        public long? ItemId { get; set; }
        public string? ItemUuid { get; set; }
        public string? ItemType { get; set; }
        public int? ItemIndex { get; set; }
        public int? ServiceId { get; set; }
        public string? ServiceUuid { get; set; }
        public string? ServiceName { get; set; }
        public string? ServiceType { get; set; }
        public string? ServiceGroup { get; set; }
        public string? IotGroup { get; set; }
        public string? Unit { get; set; }
        public double? Coef { get; set; }
        public double? Offset { get; set; }
        public double? BaseCoef { get; set; }
        public double? BaseOffset { get; set; }
        public string? SeverityName { get; set; }
        public int? SeverityLevel { get; set; }
        public string? Manufacturer { get; set; }
        public string? CompatibilityMin { get; set; }
        public string? CompatibilityMax { get; set; }
        public Translations? ServiceTranslations { get; set; }
        public Translations? ItemServiceTranslations { get; set; }
        public string? Source { get; set; }
        public string? TimestampId { get; set; }
        public int? PollingTime { get; set; }
        public bool? SendOnUpdate { get; set; }
        public bool? IsComputed { get; set; }
        public bool? Active { get; set; }
        public string? StreamRef { get; set; }
        public long? DatahubId { get; set; }

        /// <summary>The device's name, when the variable was reached through the device.</summary>
        public string? DeviceName { get; set; }

        /// <summary>The English title of the service (serviceTranslations.en.title), else the service name.</summary>
        public string? Title =>
            ItemServiceTranslations?.TitleIn("en") ?? ServiceTranslations?.TitleIn("en") ?? ServiceName;

        /// <summary>The item's custom fields as the API sent them.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? ItemCustom { get; set; }

        /// <summary>Why the variable exists (the guide's reason: fromTemplate, reasons), as the API sent it.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? Reason { get; set; }

        /// <summary>How a computed variable is computed, as the API sent it.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? ConfigurationComputed { get; set; }

        /// <summary>The variable's tags as the API sent them (a list).</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? Tags { get; set; }

        /// <summary>The fields overridden on this variable, as the API sent them.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? OverrideFields { get; set; }

        public override string ToString() => StreamRef ?? Uuid ?? string.Empty;
    }

    /// <summary>Titles per language. Renders as "en: Ups output load rate; fr: ...".</summary>
    public sealed class Translations : Dictionary<string, Translation>
    {
        public string? TitleIn(string language) => TryGetValue(language, out Translation? t) ? t?.Title : null;

        public override string ToString() => string.Join("; ", this.Select(pair => $"{pair.Key}: {pair.Value?.Title}"));
    }

    public sealed class Translation : ApiObject
    {
        public string? Title { get; set; }
        public string? ShortName { get; set; }

        public override string ToString() => Title ?? ShortName ?? string.Empty;
    }
}
