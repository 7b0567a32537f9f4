using System;
using System.Globalization;

namespace SoData
{
    /// <summary>
    /// A variable's mapping config <c>Item|Index|ServiceId</c>, e.g. <c>Global|0|140100</c> (the <c>streamRef</c> of a
    /// variable): which item of a device, which index of that item, which service.
    /// </summary>
    public sealed class SeriesRef : IEquatable<SeriesRef>
    {
        public const string ExpectedForm = "Item|Index|ServiceId, e.g. Global|0|140100";

        public SeriesRef(string itemType, int itemIndex, int serviceId)
        {
            if (string.IsNullOrWhiteSpace(itemType)) throw new ArgumentException("The item type cannot be empty.", nameof(itemType));
            if (itemIndex < 0) throw new ArgumentOutOfRangeException(nameof(itemIndex), "The item index starts at 0.");
            if (serviceId < 0) throw new ArgumentOutOfRangeException(nameof(serviceId), "A service id is not negative.");
            ItemType = itemType.Trim();
            ItemIndex = itemIndex;
            ServiceId = serviceId;
        }

        public string ItemType { get; }
        public int ItemIndex { get; }
        public int ServiceId { get; }

        /// <summary>Parses <c>Item|Index|ServiceId</c>; the error says what was wrong and what is expected.</summary>
        public static bool TryParse(string? text, out SeriesRef? value, out string? error)
        {
            value = null;
            error = null;
            string[] parts = (text ?? string.Empty).Split('|');
            if (parts.Length != 3)
            {
                error = $"'{text}' is not a mapping config: expected {ExpectedForm}.";
                return false;
            }
            string item = parts[0].Trim();
            if (item.Length == 0)
            {
                error = $"'{text}' has no item type: expected {ExpectedForm}.";
                return false;
            }
            if (!int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                error = $"'{text}' has an item index that is not a whole number >= 0: expected {ExpectedForm}.";
                return false;
            }
            if (!int.TryParse(parts[2].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int service))
            {
                error = $"'{text}' has a service id that is not a whole number: expected {ExpectedForm}.";
                return false;
            }
            value = new SeriesRef(item, index, service);
            return true;
        }

        public static SeriesRef Parse(string text) =>
            TryParse(text, out SeriesRef? value, out string? error) ? value! : throw new FormatException(error);

        public override string ToString() => Format(ItemType, ItemIndex, ServiceId);

        public static string Format(string? itemType, int? itemIndex, int? serviceId) =>
            string.Join("|", itemType ?? string.Empty,
                itemIndex?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                serviceId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);

        public bool Equals(SeriesRef? other) =>
            other != null && ItemIndex == other.ItemIndex && ServiceId == other.ServiceId &&
            string.Equals(ItemType, other.ItemType, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as SeriesRef);

        public override int GetHashCode() =>
            (StringComparer.OrdinalIgnoreCase.GetHashCode(ItemType) * 397 ^ ItemIndex) * 397 ^ ServiceId;
    }
}
