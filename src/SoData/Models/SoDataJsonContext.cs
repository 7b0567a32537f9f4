using System.Text.Json;
using System.Text.Json.Serialization;
using SoData.Client;

namespace SoData
{
    /// <summary>
    /// The API's objects as compile-time JSON metadata (System.Text.Json source generation): no reflection or code
    /// emitted at run time to read them, which is most of the cost of a fresh process's first call. Types not listed
    /// here are still read, by reflection (see <see cref="Json.Options"/>).
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(Page<CorporateAccount>))]
    [JsonSerializable(typeof(Page<Customer>))]
    [JsonSerializable(typeof(Page<Site>))]
    [JsonSerializable(typeof(Page<Device>))]
    [JsonSerializable(typeof(Page<Item>))]
    [JsonSerializable(typeof(Page<Variable>))]
    [JsonSerializable(typeof(Page<DataAccessGroup>))]
    [JsonSerializable(typeof(Page<JsonElement>))]
    [JsonSerializable(typeof(DatapointsRequestBody))]
    [JsonSerializable(typeof(DatapointsResponse))]
    [JsonSerializable(typeof(LastValuesResponse))]
    internal sealed partial class SoDataJsonContext : JsonSerializerContext
    {
    }
}
