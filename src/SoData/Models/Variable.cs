using System.Collections.Generic;
using System.Linq;

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
