using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Sandbox.Tests;

/// <summary>The switches that make the sandbox a hostile server, and the request log that witnesses where requests went.</summary>
public class HostileSwitchTests
{
    private static async Task<string[]> RequestLogAsync(SandboxServer sandbox)
    {
        using var http = new HttpClient();
        using JsonDocument log = JsonDocument.Parse(await http.GetStringAsync(new Uri(sandbox.BaseUri, "_sandbox/requests")));
        return log.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetString()!).ToArray();
    }

    [Fact]
    public async Task NullLists_SendResultsSeriesAndValuesAsNull_OnlyOnTheHostilePaths()
    {
        using var sandbox = SandboxServer.Start("--null-lists", "true", "--hostile-path", "customers,last-values");
        using var api = await Api.ConnectAsync(sandbox);
        var (ca, device) = await GuideObjects.DelphysAsync(api);

        var customers = await api.GetOkAsync($"api/v1/ca/{ca}/customers");
        Assert.Equal(JsonValueKind.Null, customers.GetProperty("results").ValueKind);
        Assert.Equal(3, customers.GetProperty("total").GetInt32());
        var values = await api.GetOkAsync($"api/v1/ca/{ca}/devices/{device.GetProperty("uuid").GetString()}/last-values");
        Assert.Equal(JsonValueKind.Null, values.GetProperty("devices")[0].GetProperty("values").ValueKind);
        Assert.Equal(JsonValueKind.Array, (await api.GetOkAsync($"api/v1/ca/{ca}/sites")).GetProperty("results").ValueKind);
    }

    [Fact]
    public async Task IgnoreSkip_SendsTheFirstPageForEverySkip()
    {
        using var sandbox = SandboxServer.Start("--ignore-skip", "true");
        using var api = await Api.ConnectAsync(sandbox);
        var first = await api.GetOkAsync("api/v1/ca?take=1&skip=0");
        var second = await api.GetOkAsync("api/v1/ca?take=1&skip=1");
        Assert.Equal(first.GetProperty("results")[0].GetProperty("uuid").GetString(), second.GetProperty("results")[0].GetProperty("uuid").GetString());
        Assert.Equal(2, second.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(200, "Sign in - Guest Wi-Fi")]
    [InlineData(502, "502 Bad Gateway")]
    public async Task HtmlPage_AnswersAnHtmlPageWithTheStatus(int status, string title)
    {
        using var sandbox = SandboxServer.Start("--html-page", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var api = await Api.ConnectAsync(sandbox); // the token endpoint is left alone
        using var response = await api.Http.GetAsync("api/v1/ca");
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<title>{title}</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadUuids_ReplaceTheFirstAccountsAndTheFirstDevicesUuid()
    {
        using var sandbox = SandboxServer.Start("--bad-ca-uuid", "..", "--bad-device-uuid", "a/b");
        using var api = await Api.ConnectAsync(sandbox);
        var accounts = await api.GetOkAsync("api/v1/ca");
        Assert.Equal("..", accounts.GetProperty("results")[0].GetProperty("uuid").GetString());
        string other = accounts.GetProperty("results")[1].GetProperty("uuid").GetString()!;
        var devices = await api.GetOkAsync($"api/v1/ca/{other}/devices");
        Assert.Equal("a/b", devices.GetProperty("results")[0].GetProperty("uuid").GetString());
    }

    [Fact]
    public async Task TheRequestLog_KeepsEachTargetAsSent_DotSegmentsIncluded()
    {
        using var sandbox = SandboxServer.Start();
        // HttpClient folds '..' away before sending: write the request line by hand, as a careless client would send it.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(sandbox.BaseUri.Host, sandbox.BaseUri.Port);
            NetworkStream stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/v1/ca/../devices HTTP/1.1\r\nHost: {sandbox.BaseUri.Authority}\r\nConnection: close\r\n\r\n"));
            await new StreamReader(stream).ReadToEndAsync();
        }
        using var api = await Api.ConnectAsync(sandbox);
        await api.GetOkAsync("api/v1/ca?take=5");

        Assert.Equal(new[] { "GET /api/v1/ca/../devices", "POST /realms/Socomec/protocol/openid-connect/token", "GET /api/v1/ca?take=5" }, await RequestLogAsync(sandbox));
        await sandbox.ResetStatsAsync();
        Assert.Empty(await RequestLogAsync(sandbox));
    }
}
