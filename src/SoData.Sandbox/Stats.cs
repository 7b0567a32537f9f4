using System.Collections.Concurrent;

namespace SoData.Sandbox;

/// <summary>Request counters for tests (GET/DELETE /_sandbox/stats). Keys are route templates, so uuids never split a count.</summary>
public sealed class Stats
{
    private readonly ConcurrentDictionary<string, long> _requests = new();
    private readonly ConcurrentDictionary<string, long> _grants = new();
    private readonly ConcurrentDictionary<string, long> _faults = new();

    public void Request(string key) => _requests.AddOrUpdate(key, 1, (_, n) => n + 1);
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
        _grants.Clear();
        _faults.Clear();
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> d) => new(d, StringComparer.Ordinal);
}
