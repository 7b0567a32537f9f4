using System;
using System.Collections.Generic;
using System.Linq;
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

        /// <summary>
        /// The one conversion of JSON to .NET values: scalars by <see cref="ToScalar"/>, objects and arrays in the
        /// caller's shapes (fields in the order sent), so the module's objects and Invoke-SoDataRequest's agree.
        /// </summary>
        public static object? ToValue(JsonElement element, Func<IEnumerable<KeyValuePair<string, object?>>, object> toObject, Func<List<object?>, object> toArray)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return toObject(element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, ToValue(p.Value, toObject, toArray))));
                case JsonValueKind.Array:
                    return toArray(element.EnumerateArray().Select(item => ToValue(item, toObject, toArray)).ToList());
                default:
                    return ToScalar(element);
            }
        }

        /// <summary>Turns an unmodelled JSON value into something PowerShell shows well: primitives, <see cref="ValueMap"/>, <see cref="ValueList{T}"/>.</summary>
        public static object? ToPlainValue(JsonElement element) => ToValue(element, ToValueMap, items => new ValueList<object?>(items));

        private static object ToValueMap(IEnumerable<KeyValuePair<string, object?>> fields)
        {
            var map = new ValueMap();
            foreach (KeyValuePair<string, object?> field in fields) map[field.Key] = field.Value;
            return map;
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
