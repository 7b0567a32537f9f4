using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>
    /// Base of every object the API returns. Fields we do not model are kept in
    /// <see cref="AdditionalFields"/> and surface as note properties on output, so nothing the API sends is lost.
    /// </summary>
    public abstract class ApiObject
    {
        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }
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
