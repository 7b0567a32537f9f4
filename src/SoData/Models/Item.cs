using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>An item of a device (Global, Unit, Load...), numbered by ItemIndex when a device has several alike.</summary>
    [PropertyAlias("ItemUuid", nameof(Uuid))]
    public sealed class Item : HierarchyObject, IDeviceObject
    {
        public string? Uuid { get; set; }
        public long? Id { get; set; }
        public string? DeviceUuid { get; set; }
        public string? ItemType { get; set; }
        public int? ItemIndex { get; set; }
        public string? Name { get; set; }

        /// <summary>The device's name, when the item was reached through the device.</summary>
        public string? DeviceName { get; set; }

        /// <summary>The item's custom fields as the API sent them.</summary>
        [FreeForm]
        [JsonConverter(typeof(FreeFormConverter))]
        public object? Custom { get; set; }

        public override string ToString() => Name ?? $"{ItemType}|{ItemIndex}";
    }
}
