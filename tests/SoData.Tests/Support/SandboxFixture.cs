using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace SoData.Tests.Support;

/// <summary>One sandbox process per test class (xunit class fixture), started with <see cref="Args"/>.</summary>
public class SandboxFixture : IDisposable
{
    private readonly Lazy<SandboxServer> _server;

    public SandboxFixture() => _server = new Lazy<SandboxServer>(() => SandboxServer.Start(Args));

    protected virtual string[] Args => [];

    public SandboxServer Server => _server.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated) _server.Value.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A minimal bearer client for the sandbox API, so tests read as requests and JSON.</summary>
public sealed class Api : IDisposable
{
    private readonly HttpClient _http;

    public Api(SandboxServer server, string? token)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public static async Task<Api> ConnectAsync(SandboxServer server) => new(server, await server.GetTokenAsync());

    public HttpClient Http => _http;

    public async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await ReadAsync(response));
    }

    public async Task<JsonElement> GetOkAsync(string path)
    {
        var (status, json) = await GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {json}");
        return json;
    }

    public async Task<(HttpStatusCode Status, JsonElement Json)> PutAsync(string path, object body) =>
        await PutRawAsync(path, JsonSerializer.Serialize(body));

    public async Task<(HttpStatusCode Status, JsonElement Json)> PutRawAsync(string path, string body)
    {
        using var response = await _http.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return default;
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Walks the default fleet down to the guide's objects (SoLink, FR_Socomec, Benfeld, Delphys 1D15350041).</summary>
public static class GuideObjects
{
    public static async Task<string> SoLinkAsync(Api api)
    {
        var cas = await api.GetOkAsync("api/v1/ca");
        return cas.GetProperty("results").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "SoLink").GetProperty("uuid").GetString()!;
    }

    public static async Task<(string Ca, JsonElement Device)> DelphysAsync(Api api)
    {
        var ca = await SoLinkAsync(api);
        var devices = await api.GetOkAsync($"api/v1/ca/{ca}/devices?take=100");
        var device = devices.GetProperty("results").EnumerateArray().Single(d => d.GetProperty("serialNumber").GetString() == "1D15350041");
        return (ca, device);
    }

    /// <summary>The Delphys uuid found through the first customer's first site (works whatever --max-take is).</summary>
    public static async Task<(string Ca, string Device)> DelphysAsyncPaged(Api api)
    {
        var ca = await SoLinkAsync(api);
        var customers = await api.GetOkAsync($"api/v1/ca/{ca}/customers");
        var customer = customers.GetProperty("results")[0].GetProperty("uuid").GetString();
        var sites = await api.GetOkAsync($"api/v1/ca/{ca}/sites?customerUuid={customer}");
        var site = sites.GetProperty("results")[0].GetProperty("uuid").GetString();
        var devices = await api.GetOkAsync($"api/v1/ca/{ca}/devices?siteUuid={site}");
        var device = devices.GetProperty("results").EnumerateArray().Single(d => d.GetProperty("serialNumber").GetString() == "1D15350041");
        return (ca, device.GetProperty("uuid").GetString()!);
    }
}
