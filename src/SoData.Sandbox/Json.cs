using System.Text.Encodings.Web;
using System.Text.Json;

namespace SoData.Sandbox;

public static class Json
{
    /// <summary>Names are written as declared (the views already use the API's exact casing, e.g. <c>emailCC</c>).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "Frédéric" readable; this is not HTML
    };

    public static IResult Ok(object value) => Results.Json(value, Options);

    public static IResult Page<T>(IReadOnlyList<T> all, Paging paging, Func<T, object> view) =>
        Results.Json(new
        {
            total = all.Count,
            results = all.Skip(paging.Skip).Take(paging.Take).Select(view).ToArray(),
            take = paging.Take,
        }, Options);

    public static IResult Error(int status, string message) =>
        Results.Json(ErrorBody(status, message), Options, statusCode: status);

    public static object ErrorBody(int status, string message) => new
    {
        status,
        error = status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            404 => "Not Found",
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Error",
        },
        message,
    };

    public static Task WriteErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(ErrorBody(status, message), Options);
    }
}

/// <summary>take/skip as the API reads them: take defaults to 50 and is capped (the cap is echoed back in "take").</summary>
public readonly record struct Paging(int Skip, int Take)
{
    public static Paging Parse(HttpRequest request, int maxTake)
    {
        var take = 50;
        var skip = 0;
        var takeText = request.Query["take"].ToString();
        var skipText = request.Query["skip"].ToString();
        if (takeText.Length > 0 && (!int.TryParse(takeText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out take) || take <= 0))
            throw new BadRequestException($"'take' must be a positive integer (got '{takeText}').");
        if (skipText.Length > 0 && (!int.TryParse(skipText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out skip) || skip < 0))
            throw new BadRequestException($"'skip' must be a non-negative integer (got '{skipText}').");
        return new Paging(skip, Math.Min(take, maxTake));
    }
}
