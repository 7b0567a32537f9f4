using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>
    /// Base of every object the API returns. Fields we do not model are kept in
    /// <see cref="AdditionalFields"/> and PowerShell lists them after the modelled ones (Cmdlets/ApiObjectAdapter), so
    /// nothing the API sends is lost.
    /// </summary>
    public abstract class ApiObject
    {
        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        private ValueMap? _plainAdditionalFields;

        /// <summary>Whether the API sent fields the module does not model.</summary>
        internal bool HasAdditionalFields => AdditionalFields != null && AdditionalFields.Count > 0;

        /// <summary>The fields the module does not model as plain values (<see cref="Json.ToPlainValue"/>), converted once, on first use.</summary>
        internal ValueMap PlainAdditionalFields()
        {
            ValueMap? plain = _plainAdditionalFields;
            if (plain != null) return plain;
            plain = new ValueMap();
            if (AdditionalFields != null)
            {
                foreach (KeyValuePair<string, JsonElement> field in AdditionalFields) plain[field.Key] = Json.ToPlainValue(field.Value);
            }
            return System.Threading.Interlocked.CompareExchange(ref _plainAdditionalFields, plain, null) ?? plain;
        }

        /// <summary>The name, as the API spells it, of the unmodelled field called <paramref name="name"/> in any case; null when there is none.</summary>
        internal string? AdditionalFieldName(string name)
        {
            if (!HasAdditionalFields) return null;
            foreach (string key in PlainAdditionalFields().Keys)
            {
                if (string.Equals(key, name, System.StringComparison.OrdinalIgnoreCase)) return key;
            }
            return null;
        }
    }

    /// <summary>An object of the hierarchy (CA, customer, site, device, ...), stamped with the CA it was read from.</summary>
    public abstract class HierarchyObject : ApiObject
    {
        /// <summary>
        /// The uuid of the corporate account the object was read from. The API leaves it out below the CA
        /// (a device has only siteUuid); the module stamps it so the next cmdlet in a pipe can bind to it.
        /// </summary>
        public string? CorporateAccountUuid { get; set; }
    }

    /// <summary>An object that belongs to one device (an item, a variable), stamped with the device it was read from.</summary>
    public interface IDeviceObject
    {
        string? DeviceUuid { get; set; }

        string? DeviceName { get; set; }

        string? CorporateAccountUuid { get; set; }
    }
}
