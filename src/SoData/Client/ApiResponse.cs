using System;
using System.Text;
using System.Text.Json;

namespace SoData.Client
{
    /// <summary>A successful API response with its body read.</summary>
    public sealed class ApiResponse
    {
        public ApiResponse(int statusCode, string? mediaType, byte[] body, string method, string path)
        {
            StatusCode = statusCode;
            MediaType = mediaType;
            Body = body;
            Method = method;
            Path = path;
        }

        public int StatusCode { get; }
        public string? MediaType { get; }
        public byte[] Body { get; }
        public string Method { get; }
        public string Path { get; }

        public string Text => Encoding.UTF8.GetString(Body);

        /// <summary>Deserializes the body; a body that is not the JSON we expect is a clear error naming the route.</summary>
        public T Read<T>()
        {
            try
            {
                T? value = JsonSerializer.Deserialize<T>(Body, Json.Options);
                if (value == null) throw new JsonException("The body is JSON null.");
                return value;
            }
            catch (JsonException ex)
            {
                // An HTML page (captive portal, proxy) or another non-JSON body is named as such, not by the JSON parser's complaint.
                if (Net.BodyText.Describe(Body, MediaType) is { } what)
                    throw new SoDataApiException(Method, Path, StatusCode, null, $"{Method} {Path} answered {StatusCode} with {what}.", ex);
                throw new SoDataApiException(Method, Path, StatusCode, null,
                    $"{Method} {Path} answered with a body that is not the JSON expected ({ex.Message}).", ex);
            }
        }

        /// <summary>The "message" (or "error_description", "error") of a JSON error body, if it has one.</summary>
        /// <remarks>
        /// An HTML page has none (its title is said by <see cref="Net.BodyText.Describe"/>); another text body gives a short excerpt.
        /// </remarks>
        internal static string? ErrorMessageOf(byte[] body, string? mediaType = null)
        {
            if (body.Length == 0 || Net.BodyText.IsHtml(body, mediaType)) return null;
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
                foreach (string name in new[] { "message", "error_description", "detail", "error", "title" })
                {
                    if (document.RootElement.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
                        return value.GetString();
                }
                return null;
            }
            catch (JsonException)
            {
                string text = Net.BodyText.Excerpt(Encoding.UTF8.GetString(body));
                return text.Length == 0 ? null : text;
            }
        }
    }
}
