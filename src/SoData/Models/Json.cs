using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SoData
{
    /// <summary>The one place that says how the API's JSON is read and written.</summary>
    public static class Json
    {
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            // Generated metadata for the API's objects first; reflection for anything else (a caller's own type).
            TypeInfoResolver = JsonTypeInfoResolver.Combine(SoDataJsonContext.Default, new DefaultJsonTypeInfoResolver()),
            PropertyNameCaseInsensitive = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // The API sends numbers as strings in places ("itemIndex": "0"); read them as numbers.
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>Turns an unmodelled JSON value into something PowerShell shows well: primitives, <see cref="ValueMap"/>, <see cref="ValueList{T}"/>.</summary>
        public static object? ToPlainValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new ValueMap();
                    foreach (JsonProperty property in element.EnumerateObject()) map[property.Name] = ToPlainValue(property.Value);
                    return map;
                case JsonValueKind.Array:
                    var list = new ValueList<object?>();
                    foreach (JsonElement item in element.EnumerateArray()) list.Add(ToPlainValue(item));
                    return list;
                default:
                    return ToScalar(element);
            }
        }

        /// <summary>A JSON string, number, boolean or null as a .NET value: whole numbers as long, others as double.</summary>
        public static object? ToScalar(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long whole) ? whole : (object)element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        public static IEnumerable<KeyValuePair<string, object?>> AdditionalFieldsOf(ApiObject item)
        {
            if (item.AdditionalFields == null) yield break;
            foreach (KeyValuePair<string, JsonElement> field in item.AdditionalFields)
                yield return new KeyValuePair<string, object?>(field.Key, ToPlainValue(field.Value));
        }
    }
}
