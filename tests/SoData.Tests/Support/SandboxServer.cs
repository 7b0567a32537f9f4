using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace SoData.Tests.Support;

/// <summary>
/// Runs src/SoData.Sandbox as a child process on a free loopback port (real HTTP, real OpenIddict) for one test
/// or one test class. Dispose kills the process tree.
/// </summary>
public sealed class SandboxServer : IDisposable
{
    public const string Realm = "Socomec";
    public const string ClientId = "sodata-sandbox";
    public const string ClientSecret = "sandbox-secret";
    public const string Username = "admin@sandbox.local";
    public const string Password = "sandbox";

    private const string ReadyPrefix = "SoData sandbox listening on ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // One shared client for the helpers; never proxied (loopback only).
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SandboxServer(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    /// <summary>Base address with a trailing slash, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; }

    public string Url => BaseUri.AbsoluteUri;

    public Uri TokenUri => new(BaseUri, $"realms/{Realm}/protocol/openid-connect/token");

    /// <summary>What the sandbox wrote to stdout and stderr so far (for assertion messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static SandboxServer Start(params string[] args)
    {
        var dll = FindDll();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add("0");
        foreach (var a in args) psi.ArgumentList.Add(a);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (log) log.AppendLine(line);
        }
        process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data is { } line && line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                ready.TrySetResult(new Uri(line[ReadyPrefix.Length..].Trim()));
        };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The sandbox exited before it was ready."));

        if (!process.Start())
            throw new InvalidOperationException($"Could not start dotnet {dll}.");
        // Both streams are drained asynchronously so the child never blocks on a full pipe.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Uri baseUri;
        try
        {
            if (!ready.Task.Wait(StartTimeout))
                throw new TimeoutException($"The sandbox did not print its ready line within {StartTimeout.TotalSeconds} s.");
            baseUri = ready.Task.Result;
        }
        catch (Exception e)
        {
            Kill(process);
            process.WaitForExit(); // drains the redirected output, so the log below holds the sandbox's last words
            process.Dispose();
            string text;
            lock (log) text = log.ToString();
            throw new InvalidOperationException($"Sandbox failed to start ({dll} {string.Join(' ', args)}): {e.GetBaseException().Message}\n{text}", e);
        }

        var server = new SandboxServer(process, baseUri);
        lock (log) server._log.Append(log);
        // Keep collecting output after startup into the instance log.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        return server;
    }

    /// <summary>SODATA_SANDBOX_DLL, then out/sandbox (build.ps1), then the project's own bin folder.</summary>
    public static string FindDll()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SODATA_SANDBOX_DLL");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv)
                : throw new FileNotFoundException($"SODATA_SANDBOX_DLL points to '{fromEnv}', which does not exist.");
        }
        var root = RepoRoot();
        var candidates = new[]
        {
            Path.Combine(root, "out", "sandbox", "SoData.Sandbox.dll"),
            Path.Combine(root, "src", "SoData.Sandbox", "bin", "Debug", "net10.0", "SoData.Sandbox.dll"),
            Path.Combine(root, "src", "SoData.Sandbox", "bin", "Release", "net10.0", "SoData.Sandbox.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("SoData.Sandbox.dll not found. Build it (dotnet build src/SoData.Sandbox) or set SODATA_SANDBOX_DLL. Looked in: " + string.Join(", ", candidates));
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoData.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No SoData.sln above {AppContext.BaseDirectory}.");
    }

    public async Task<JsonDocument> GetStatsAsync()
    {
        using var response = await Http.GetAsync(new Uri(BaseUri, "_sandbox/stats"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task ResetStatsAsync()
    {
        using var response = await Http.DeleteAsync(new Uri(BaseUri, "_sandbox/stats"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Password grant with the default client and user; returns the access token.</summary>
    public async Task<string> GetTokenAsync()
    {
        using var response = await Http.PostAsync(TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["username"] = Username,
            ["password"] = Password,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Token request failed: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    public void Dispose()
    {
        Kill(_process);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
