using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;

namespace SoData.Sandbox;

/// <summary>
/// Switches that make the sandbox play a hostile server or the proxy in front of it, on /api/v1 only (and only on paths
/// holding --hostile-path when given): lists sent as null, skip ignored, an HTML page instead of JSON, and uuids that are
/// not route segments. A connection reset mid-body is --drop-rate 1 (with --fault-path).
/// </summary>
public static class Hostile
{
    public static void UseHostile(this WebApplication app, SandboxOptions o)
    {
        if (!o.NullLists && !o.IgnoreSkip && o.HtmlPage is null && o.BadCaUuid is null && o.BadDeviceUuid is null) return;
        app.Use(async (http, next) =>
        {
            if (!Middleware.IsApi(http) || !OnHostilePath(http, o))
            {
                await next(http);
                return;
            }
            if (o.HtmlPage is int status)
            {
                await WritePageAsync(http, status);
                return;
            }
            if (o.IgnoreSkip)
            {
                // The same first page for every skip: a server (or a caching proxy) that ignores the parameter.
                var kept = http.Request.Query.Where(q => !q.Key.Equals("skip", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
                http.Request.QueryString = QueryString.Create(kept);
            }
            if (!o.NullLists && o.BadCaUuid is null && o.BadDeviceUuid is null)
            {
                await next(http);
                return;
            }
            Stream original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            byte[] body = buffer.ToArray();
            if (http.Response.StatusCode == 200 && http.Response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                body = Rewrite(body, http.Request.Path.Value ?? "", o);
            http.Response.ContentLength = body.Length;
            await original.WriteAsync(body, http.RequestAborted);
        });
    }

    /// <summary>--hostile-path: a comma-separated list of texts, one of which the path must hold; every /api/v1 path without it.</summary>
    private static bool OnHostilePath(HttpContext http, SandboxOptions o) =>
        o.HostilePath is null || o.HostilePath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(text => http.Request.Path.Value?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>A captive portal's sign-in page (200) or a gateway's error page (5xx), several lines of HTML.</summary>
    private static Task WritePageAsync(HttpContext http, int status)
    {
        string title = status == 200 ? "Sign in - Guest Wi-Fi" : $"{status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}";
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html>
            <head><title>{title}</title></head>
            <body>
            <h1>{title}</h1>
            <p>{(status == 200 ? "Please sign in to use this network." : "The upstream server did not answer in time.")}</p>
            <form action="/login" method="post"><input name="user"><input name="password" type="password"></form>
            </body>
            </html>
            """);
    }

    private static byte[] Rewrite(byte[] body, string path, SandboxOptions o)
    {
        if (JsonNode.Parse(body) is not JsonObject root) return body;
        if (o.NullLists)
        {
            if (root.ContainsKey("results")) root["results"] = null;
            if (root.ContainsKey("series")) root["series"] = null;
            if (root["devices"] is JsonArray devices)
                foreach (JsonObject device in devices.OfType<JsonObject>()) device["values"] = null;
        }
        if (o.BadCaUuid is not null && path.TrimEnd('/').EndsWith("/api/v1/ca", StringComparison.OrdinalIgnoreCase)
            && root["results"] is JsonArray accounts && accounts.FirstOrDefault() is JsonObject account)
            account["uuid"] = o.BadCaUuid;
        if (o.BadDeviceUuid is not null && path.TrimEnd('/').EndsWith("/devices", StringComparison.OrdinalIgnoreCase)
            && root["results"] is JsonArray list && list.FirstOrDefault() is JsonObject device1)
            device1["uuid"] = o.BadDeviceUuid;
        return Encoding.UTF8.GetBytes(root.ToJsonString(Json.Options));
    }

    /// <summary>The request as it came on the wire (before Kestrel folded '.' and '..' segments away): the request log's witness.</summary>
    public static string RawTarget(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : http.Request.Path + http.Request.QueryString;
}
