using System.Collections.Concurrent;

namespace SoData.Sandbox;

/// <summary>Request counters for tests (GET/DELETE /_sandbox/stats). Keys are route templates, so uuids never split a count.</summary>
public sealed class Stats
{
    private readonly ConcurrentDictionary<string, long> _requests = new();
    private readonly ConcurrentDictionary<string, long> _grants = new();
    private readonly ConcurrentDictionary<string, long> _faults = new();

    // Every request as it came on the wire, in order, for tests to read as the witness of where requests went.
    private const int MaxLogged = 100_000;
    private readonly ConcurrentQueue<string> _log = new();

    public void Request(string key) => _requests.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>Logs "METHOD raw-target" (the path and query as sent, '..' and escapes included); the oldest go past 100,000.</summary>
    public void Log(string method, string rawTarget)
    {
        _log.Enqueue($"{method} {rawTarget}");
        while (_log.Count > MaxLogged) _log.TryDequeue(out _);
    }

    public string[] Logged() => _log.ToArray();
    public void Grant(string grantType) => _grants.AddOrUpdate(grantType, 1, (_, n) => n + 1);
    public void Fault(string kind) => _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public object Snapshot() => new
    {
        requests = Sorted(_requests),
        grants = new SortedDictionary<string, long>(_grants) { ["password"] = _grants.GetValueOrDefault("password"), ["refresh_token"] = _grants.GetValueOrDefault("refresh_token") },
        faults = new SortedDictionary<string, long>(_faults)
        {
            ["fault"] = _faults.GetValueOrDefault("fault"),
            ["throttle"] = _faults.GetValueOrDefault("throttle"),
            ["drop"] = _faults.GetValueOrDefault("drop"),
            ["slow"] = _faults.GetValueOrDefault("slow"),
            ["ratelimit"] = _faults.GetValueOrDefault("ratelimit"),
        },
    };

    public void Reset()
    {
        _requests.Clear();
        _log.Clear();
        _grants.Clear();
        _faults.Clear();
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> d) => new(d, StringComparer.Ordinal);
}
