namespace SoData.Sandbox;

/// <summary>
/// A gateway-style rate limit: a token bucket of <c>burst</c> tokens refilled at <c>rate</c> per second, one token
/// per API call. An empty bucket answers 429 with a whole-second Retry-After: the time until the next token, rounded up.
/// </summary>
public sealed class TokenBucket
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(double rate, int burst, TimeProvider? time = null)
    {
        if (rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be above 0.");
        if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst), burst, "The burst must be at least 1.");
        Rate = rate;
        Burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _refilledAt = _time.GetTimestamp();
    }

    public double Rate { get; }
    public int Burst { get; }

    /// <summary>Takes a token: null when the call may go on, else the Retry-After in whole seconds (at least 1).</summary>
    public int? TryTake()
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + _time.GetElapsedTime(_refilledAt, now).TotalSeconds * Rate);
            _refilledAt = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return null;
            }
            return Math.Max(1, (int)Math.Ceiling((1 - _tokens) / Rate));
        }
    }
}
