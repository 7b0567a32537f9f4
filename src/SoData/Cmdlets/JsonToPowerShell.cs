using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SoData.Cmdlets
{
    /// <summary>Turns JSON into the objects Invoke-RestMethod would give (PSCustomObject, arrays), and PowerShell values into JSON.</summary>
    internal static class JsonToPowerShell
    {
        public static object? ToPowerShell(JsonElement element) => Json.ToValue(element, ToPSCustomObject, items => items.ToArray());

        private static object ToPSCustomObject(IEnumerable<KeyValuePair<string, object?>> fields)
        {
            var result = new PSObject();
            foreach (KeyValuePair<string, object?> field in fields) result.Properties.Add(new PSNoteProperty(field.Key, field.Value));
            return result;
        }

        /// <summary>A body for the API: a string is sent as is (it is JSON already); anything else is serialized.</summary>
        public static string ToJson(object body)
        {
            object value = body is PSObject wrapped ? wrapped.BaseObject : body;
            if (value is string text) return text;
            return ToNode(body)?.ToJsonString() ?? "null";
        }

        private static JsonNode? ToNode(object? value)
        {
            if (value is PSObject ps)
            {
                if (ps.BaseObject is PSCustomObject)
                {
                    var obj = new JsonObject();
                    foreach (PSPropertyInfo property in ps.Properties) obj[property.Name] = ToNode(property.Value);
                    return obj;
                }
                value = ps.BaseObject;
            }
            switch (value)
            {
                case null:
                    return null;
                case string s:
                    return JsonValue.Create(s);
                case bool b:
                    return JsonValue.Create(b);
                case DateTime dt:
                    return JsonValue.Create(dt.ToString("o", CultureInfo.InvariantCulture));
                case DateTimeOffset dto:
                    return JsonValue.Create(dto.ToString("o", CultureInfo.InvariantCulture));
                case Enum e:
                    return JsonValue.Create(e.ToString());
                case IDictionary dictionary:
                    var obj = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary) obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToNode(entry.Value);
                    return obj;
                case IEnumerable sequence:
                    var array = new JsonArray();
                    foreach (object? item in sequence) array.Add(ToNode(item));
                    return array;
                case IConvertible number when IsNumber(number):
                    return JsonValue.Create(Convert.ToDecimal(number, CultureInfo.InvariantCulture));
                default:
                    return JsonSerializer.SerializeToNode(value, value.GetType(), Json.Options);
            }
        }

        private static bool IsNumber(IConvertible value) =>
            value.GetTypeCode() is TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
                or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal;
    }
}
