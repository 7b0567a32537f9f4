using System;
using System.Globalization;
using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>The latest value of one variable of a device (guide 5.9.3, GET .../devices/{device}/last-values).</summary>
    public sealed class LastValue : HierarchyObject
    {
        public string? DeviceUuid { get; set; }
        public string? DeviceName { get; set; }
        public string? ItemType { get; set; }
        public int? ItemIndex { get; set; }
        public string? ItemName { get; set; }
        public int? ServiceId { get; set; }

        /// <summary>The mapping config Item|Index|ServiceId, built from the three fields.</summary>
        [JsonIgnore]
        public string StreamRef => SeriesRef.Format(ItemType, ItemIndex, ServiceId);

        public string? Title { get; set; }
        public string? Unit { get; set; }
        public string? ServiceGroup { get; set; }
        public string? ServiceType { get; set; }

        /// <summary>
        /// A double when <see cref="RawValue"/> reads as a finite number in the invariant culture ("18", "229.5"),
        /// otherwise the string itself (or null).
        /// </summary>
        [JsonIgnore]
        public object? Value => ParseValue(RawValue);

        /// <summary>The value exactly as the API sent it (a string).</summary>
        [JsonPropertyName("value")]
        [JsonConverter(typeof(LenientStringConverter))]
        public string? RawValue { get; set; }

        /// <summary>When the value was measured (the API's "date").</summary>
        [JsonPropertyName("date")]
        public DateTimeOffset? Timestamp { get; set; }

        public static object? ParseValue(string? raw)
        {
            if (raw == null) return null;
            if (double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double number) &&
                !double.IsNaN(number) && !double.IsInfinity(number))
                return number;
            return raw;
        }

        public override string ToString() => $"{StreamRef} = {RawValue}";
    }
}
