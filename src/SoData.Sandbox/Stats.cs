using System.Collections.Concurrent;

namespace SoData.Sandbox;

/// <summary>Request counters for tests (GET/DELETE /_sandbox/stats). Keys are route templates, so uuids never split a count.</summary>
public sealed class Stats
{
    private readonly ConcurrentDictionary<string, long> _requests = new();
    private readonly ConcurrentDictionary<string, long> _grants = new();
    private readonly ConcurrentDictionary<string, long> _faults = new();
    private readonly ConcurrentDictionary<string, InFlightCount> _inFlight = new();

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

    /// <summary>A request of <paramref name="key"/> is being answered until the result is disposed: the most at once is inFlightMax.</summary>
    public IDisposable Answering(string key) => _inFlight.GetOrAdd(key, _ => new InFlightCount()).Enter();

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
        // The most requests of a route answered at once (its --latency-ms included): what a client's concurrency really was.
        inFlightMax = new SortedDictionary<string, long>(_inFlight.ToDictionary(p => p.Key, p => (long)p.Value.Max), StringComparer.Ordinal),
    };

    public void Reset()
    {
        _requests.Clear();
        _log.Clear();
        _grants.Clear();
        _faults.Clear();
        _inFlight.Clear();
    }

    private sealed class InFlightCount
    {
        private int _now;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public IDisposable Enter()
        {
            int now = Interlocked.Increment(ref _now);
            for (int max = Volatile.Read(ref _max); now > max; max = Volatile.Read(ref _max))
            {
                if (Interlocked.CompareExchange(ref _max, now, max) == max) break;
            }
            return new Exit(this);
        }

        private sealed class Exit(InFlightCount count) : IDisposable
        {
            private int _done;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref count._now);
            }
        }
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> d) => new(d, StringComparer.Ordinal);
}
