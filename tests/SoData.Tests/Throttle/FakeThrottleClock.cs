using SoData.Client;

namespace SoData.Tests.Throttle;

/// <summary>A clock that moves only when told to; its timers fire synchronously inside <see cref="Advance"/>.</summary>
internal sealed class FakeThrottleClock : ThrottleClock
{
    private readonly List<(TimeSpan Due, Action Callback, Timer Handle)> _timers = new();
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    public override TimeSpan Now
    {
        get { lock (_timers) return _now; }
    }

    public override IDisposable Schedule(TimeSpan due, Action callback)
    {
        var handle = new Timer(this);
        lock (_timers) _timers.Add((_now + due, callback, handle));
        return handle;
    }

    public void Advance(TimeSpan by)
    {
        TimeSpan target;
        lock (_timers) target = _now + by;
        for (int fired = 0; ; fired++)
        {
            if (fired > 100_000) throw new InvalidOperationException("Timers keep firing without time moving on.");
            (TimeSpan Due, Action Callback, Timer Handle) next;
            lock (_timers)
            {
                var due = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).ToList();
                if (due.Count == 0)
                {
                    _now = target;
                    return;
                }
                next = due[0];
                _timers.Remove(next);
                _now = next.Due;
            }
            next.Callback();
        }
    }

    public void Advance(double seconds) => Advance(TimeSpan.FromSeconds(seconds));

    private sealed class Timer(FakeThrottleClock clock) : IDisposable
    {
        public void Dispose()
        {
            lock (clock._timers) clock._timers.RemoveAll(t => t.Handle == this);
        }
    }
}
