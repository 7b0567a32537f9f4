using SoData.Client;

namespace SoData.Tests.Throttle;

/// <summary>
/// A discrete-event simulation, in virtual time, of one session's requests against a gateway's token bucket: the
/// throttle's arithmetic (<see cref="ThrottleState"/>) with the same queueing as <see cref="SessionThrottle"/>, and a
/// server answering 429 with a whole-second Retry-After when its bucket is empty. Deterministic: no threads, no clock.
/// </summary>
internal sealed class RateLimitSimulation
{
    private readonly PriorityQueue<Action, (double, long)> _events = new();
    private readonly Queue<int> _waiting = new();
    private readonly ThrottleState _state = new();
    private long _sequence;
    private double _tokens;
    private double _refilledAt;
    private int _inFlight;
    private long _episodeSuccesses;
    private double _episodeStart = -1;

    public RateLimitSimulation(double rate, int burst, double latency, int concurrency)
    {
        Rate = rate;
        Burst = burst;
        Latency = latency;
        _state.Ceiling = concurrency;
        Concurrency = concurrency;
        _tokens = burst;
    }

    public double Rate { get; set; }
    public int Burst { get; }
    public double Latency { get; }
    public int Concurrency { get; }
    public double Now { get; private set; }
    public int Succeeded { get; private set; }
    public int Throttled { get; private set; }
    public ThrottleState State => _state;

    /// <summary>(time, concurrency in use) after each answer.</summary>
    public List<(double Time, int Concurrency, double? Pace)> Trace { get; } = new();

    /// <summary>Runs <paramref name="requests"/> requests, at most <see cref="Concurrency"/> of them in progress (as a cmdlet does); returns the virtual time taken.</summary>
    public double Run(int requests, Action<RateLimitSimulation>? onEvent = null)
    {
        double start = Now;
        int next = 0, done = 0;
        void Admit()
        {
            // The cmdlet keeps -ThrottleLimit requests in progress; each waits for the session's throttle.
            while (next < requests && next - done < Concurrency) Enter(next++);
        }
        void Enter(int id)
        {
            _waiting.Enqueue(id);
            Pump();
        }
        void Send(double startedAt)
        {
            At(Now + Latency, () =>
            {
                Refill();
                _inFlight--;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    Succeeded++;
                    bool engaged = _state.Engaged;
                    if (!engaged) _episodeSuccesses++;
                    _state.Succeeded(Now, Now - startedAt);
                    if (engaged && !_state.Engaged) (_episodeStart, _episodeSuccesses) = (-1, 0);
                    done++;
                    Admit();
                }
                else
                {
                    Throttled++;
                    double retryAfter = Math.Max(1, Math.Ceiling((1 - _tokens) / Rate));
                    _state.Throttled(Now, startedAt, retryAfter, _inFlight + 1, _episodeSuccesses, _episodeStart);
                    _waiting.Enqueue(-1);
                }
                Trace.Add((Now, _state.Concurrency, _state.RateAt(Now)));
                Pump();
                onEvent?.Invoke(this);
            });
        }
        bool wakeArmed = false;
        double wakeAt = 0;
        void Pump()
        {
            while (_waiting.Count > 0 && _state.CanStart(Now, _inFlight))
            {
                _waiting.Dequeue();
                _state.Started(Now);
                if (!_state.Engaged && _episodeStart < 0) _episodeStart = Now;
                _inFlight++;
                Send(Now);
            }
            if (_waiting.Count > 0 && _state.WakeAt(Now) is double due && (!wakeArmed || due < wakeAt))
            {
                wakeArmed = true;
                wakeAt = due;
                At(due, () =>
                {
                    if (wakeAt != due) return;
                    wakeArmed = false;
                    Pump();
                });
            }
        }
        Admit();
        while (_events.TryDequeue(out Action? action, out var key))
        {
            Now = key.Item1;
            action();
        }
        return Now - start;
    }

    private void At(double time, Action action) => _events.Enqueue(action, (time, _sequence++));

    private void Refill()
    {
        _tokens = Math.Min(Burst, _tokens + (Now - _refilledAt) * Rate);
        _refilledAt = Now;
    }
}
