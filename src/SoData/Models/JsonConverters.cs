using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoData
{
    /// <summary>Reads a JSON string, number or boolean as the string it shows ("18", 18 and true all read as text).</summary>
    internal sealed class LenientStringConverter : JsonConverter<string?>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.String: return reader.GetString();
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                case JsonTokenType.Number:
                    using (JsonDocument number = JsonDocument.ParseValue(ref reader)) return number.RootElement.GetRawText();
                default:
                    using (JsonDocument other = JsonDocument.ParseValue(ref reader)) return other.RootElement.GetRawText();
            }
        }

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }
    }

    /// <summary>Reads a number, or a string holding one in the invariant culture; anything else (null, "n/a") is null.</summary>
    internal sealed class LenientDoubleConverter : JsonConverter<double?>
    {
        public override bool HandleNull => true;

        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    return reader.GetDouble();
                case JsonTokenType.String:
                    return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : (double?)null;
                case JsonTokenType.True:
                    return 1;
                case JsonTokenType.False:
                    return 0;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteNumberValue(value.Value);
            else writer.WriteNullValue();
        }
    }

    /// <summary>
    /// Reads a JSON field whose content the API does not fix (a device's custom or configurationOptions, tags) as plain
    /// values: an object as a <see cref="ValueMap"/>, an array as a <see cref="ValueList{T}"/>, a scalar as itself, the
    /// same values Json.ToPlainValue gives a field the module does not model.
    /// </summary>
    internal sealed class FreeFormConverter : JsonConverter<object?>
    {
        public override bool HandleNull => true;

        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using (var document = JsonDocument.ParseValue(ref reader)) return Json.ToPlainValue(document.RootElement);
        }

        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue();
            else JsonSerializer.Serialize(writer, value, value.GetType(), options);
        }
    }
}
