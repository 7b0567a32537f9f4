using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SoData.Sandbox;

/// <summary>
/// Caps how many times in a row one request (method, path, query and body) is failed on purpose.
/// Random faults alone make a test that needs every request to succeed eventually fail now and then;
/// with a cap of N, a client that retries at least N times always gets through, and the faults still happen.
/// </summary>
public sealed class FaultStreaks(int limit)
{
    private readonly ConcurrentDictionary<string, int> _streaks = new(StringComparer.Ordinal);

    /// <summary>False without a cap: then requests need no key, and bodies are not read twice.</summary>
    public bool Enabled => limit > 0;

    public bool MayFault(string request) => limit <= 0 || _streaks.GetValueOrDefault(request) < limit;

    public void Faulted(string request)
    {
        if (limit > 0) _streaks.AddOrUpdate(request, 1, (_, n) => n + 1);
    }

    public void Served(string request)
    {
        if (limit > 0) _streaks.TryRemove(request, out _);
    }

    /// <summary>Identifies a request by what a retry repeats; the body is buffered so the route can still read it.</summary>
    public static async Task<string> KeyOfAsync(HttpRequest request)
    {
        var key = $"{request.Method} {request.Path}{request.QueryString}";
        if (request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any())
            return key;
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body);
        request.Body.Position = 0;
        return key + " " + Convert.ToHexString(hash);
    }
}
