using System;
using System.Globalization;

namespace SoData.Client
{
    /// <summary>
    /// The arithmetic of a session's throttle, without threads or timers (<see cref="SessionThrottle"/> adds those and
    /// calls it under its lock). Times are seconds on the throttle's clock.
    /// <para>
    /// A throttled answer holds back every new request until its Retry-After has passed, halves the concurrency in use
    /// (multiplicative decrease) and paces request starts at the rate the server admitted: first what went through
    /// before, spread over that time and the hold; then what went through since the previous throttling. Each success adds to the concurrency (additive increase, about one per
    /// round of answers) and time raises the pace as CUBIC does: it stays near the admitted rate for a few seconds, then
    /// grows faster and faster, so a limit that was lifted is noticed within seconds. Once neither the concurrency nor
    /// the pace can hold anything back, the throttle disengages and costs nothing.
    /// </para>
    /// </summary>
    internal sealed class ThrottleState
    {
        /// <summary>The concurrency kept after a throttling, as a fraction of the concurrency in use.</summary>
        internal const double Decrease = 0.5;

        /// <summary>The pace kept after a throttling, as a fraction of the rate the server admitted.</summary>
        internal const double PaceBackoff = 0.95;

        /// <summary>
        /// A new estimate of the admitted rate keeps at least this fraction of the previous estimate and of the pace that was
        /// throttled: answers lost in a hold lower each average, and a pace the bucket absorbed for a while overshot.
        /// </summary>
        internal const double EstimateMemory = 0.75;

        /// <summary>Seconds the pace stays near the admitted rate before it probes above it.</summary>
        internal const double PlateauSeconds = 2.0;

        /// <summary>Seconds of probing after the plateau to reach twice the admitted rate; from there it doubles every second.</summary>
        internal const double ProbeSeconds = 5.0;

        /// <summary>The slowest pace: one request every 20 seconds.</summary>
        internal const double MinRate = 0.05;

        /// <summary>Below this, the answers since the last throttling are too few to tell a rate.</summary>
        private const double MinMeasureSeconds = 0.25;

        /// <summary>The first throttling estimates the rate from the answers before it only when they are this recent.</summary>
        private const double FirstMeasureSeconds = 10.0;

        private int _ceiling = 8;
        private double _cutAt;
        private bool _measuring;
        private int _admitted;
        private double _admittedRate;
        private double _latency;

        /// <summary>The most requests that may run at once: the caller's -ThrottleLimit, the concurrency grown back to.</summary>
        public int Ceiling
        {
            get => _ceiling;
            set
            {
                _ceiling = Math.Max(1, value);
                if (Limit > _ceiling) Limit = _ceiling;
            }
        }

        /// <summary>False while the server has not throttled (or the throttle has recovered): then nothing is held back.</summary>
        public bool Engaged { get; private set; }

        /// <summary>The concurrency allowed while engaged.</summary>
        public double Limit { get; private set; } = 8;

        /// <summary>No request starts before this time (the latest Retry-After).</summary>
        public double HoldUntil { get; private set; }

        /// <summary>Seconds during which the session held its requests back (overlapping holds counted once).</summary>
        public double HeldSeconds { get; private set; }

        /// <summary>True while request starts are paced.</summary>
        public bool Pacing => Engaged && _admittedRate > 0;

        private double _nextStart;

        /// <summary>The concurrency in use: the ceiling when disengaged.</summary>
        public int Concurrency => Engaged ? Math.Max(1, (int)Limit) : _ceiling;

        /// <summary>The pace at <paramref name="now"/> in requests per second; null when starts are not paced.</summary>
        public double? RateAt(double now)
        {
            if (!Pacing) return null;
            return Math.Max(MinRate, _admittedRate * Growth(now - _cutAt));
        }

        /// <summary>
        /// The pace relative to the admitted rate, <paramref name="t"/> seconds after the throttling: from
        /// <see cref="PaceBackoff"/> it grows back to 1 over the plateau, then as a cube up to 2 after
        /// <see cref="ProbeSeconds"/>; past twice the admitted rate the server evidently allows more, so it doubles every second.
        /// </summary>
        internal static double Growth(double t)
        {
            if (t < PlateauSeconds) return PaceBackoff + (1 - PaceBackoff) * t / PlateauSeconds;
            double probe = (t - PlateauSeconds) / ProbeSeconds;
            if (probe < 1) return 1 + probe * probe * probe;
            return 2 * Math.Pow(2, Math.Min((probe - 1) * ProbeSeconds, 60));
        }

        /// <summary>Times this close count as reached: a timer never fires exactly on a double's instant.</summary>
        private const double Tolerance = 1e-4;

        public bool CanStart(double now, int inFlight) =>
            !Engaged || (now + Tolerance >= HoldUntil && inFlight < Concurrency && (!Pacing || now + Tolerance >= _nextStart));

        /// <summary>Records a start allowed by <see cref="CanStart"/>.</summary>
        public void Started(double now)
        {
            double? rate = RateAt(now);
            if (rate.HasValue) _nextStart = Math.Max(_nextStart, now) + 1 / rate.Value;
        }

        /// <summary>When a request held back by time (not by concurrency) may start; null when only a completion can free one.</summary>
        public double? WakeAt(double now)
        {
            if (!Engaged) return null;
            if (now + Tolerance < HoldUntil) return HoldUntil;
            if (Pacing && now + Tolerance < _nextStart) return _nextStart;
            return null;
        }

        /// <summary>
        /// A throttled answer at <paramref name="now"/> to a request started at <paramref name="startedAt"/>. Holds the
        /// session for <paramref name="retryAfter"/> seconds. Answers to requests sent before the last slow-down belong
        /// to the same episode and only extend the hold; otherwise slows down, and returns how (for -Verbose).
        /// </summary>
        /// <param name="admittedBefore">Successes since <paramref name="episodeStart"/>, the first request since the throttle was last disengaged.</param>
        public string? Throttled(double now, double startedAt, double retryAfter, int inFlight, long admittedBefore = 0, double episodeStart = double.NegativeInfinity)
        {
            double until = now + Math.Max(0, retryAfter);
            if (until > HoldUntil)
            {
                HeldSeconds += until - Math.Max(now, HoldUntil);
                HoldUntil = until;
            }
            if (Engaged && startedAt <= _cutAt) return null;

            int before = Concurrency;
            double? paceBefore = RateAt(now);
            if (!Engaged)
            {
                Engaged = true;
                Limit = _ceiling;
                // What went through before, spread over that time and the hold: a first guess of the rate allowed.
                if (now - episodeStart <= FirstMeasureSeconds && admittedBefore > 0)
                    _admittedRate = admittedBefore / (now - episodeStart + Math.Max(1, retryAfter));
                else if (_admittedRate <= 0)
                    // Throttled before any answer came back: only the Retry-After tells a rate yet. One request per
                    // Retry-After, rather than the whole cut concurrency at once when the hold ends; the next
                    // measure corrects it, and the pace probes upward within seconds when the server allows more.
                    _admittedRate = 1 / Math.Max(1, retryAfter);
            }
            else
            {
                double elapsed = now - _cutAt;
                if (_measuring && elapsed >= MinMeasureSeconds)
                {
                    // What the server let through since the last throttling, its hold included: the rate it allows.
                    // A pace that was throttled overshot, by what the bucket absorbed: trusted up to a quarter above the average.
                    double measured = _admitted / elapsed;
                    double overshot = paceBefore.HasValue ? Math.Min(EstimateMemory * paceBefore.Value, 1.25 * measured) : 0;
                    _admittedRate = Math.Max(measured, Math.Max(overshot, EstimateMemory * _admittedRate));
                }
            }
            Limit = Math.Max(1, Math.Floor(Math.Min(Limit, Math.Max(1, inFlight)) * Decrease));
            _cutAt = now;
            _measuring = true;
            _admitted = 0;
            _nextStart = Math.Max(_nextStart, HoldUntil);

            string pace = Pacing
                ? $", starts paced at {Format(RateAt(now)!.Value)} requests/s (the server admitted about {Format(_admittedRate)}/s)"
                : string.Empty;
            return $"the session slows down: concurrency {before} -> {Concurrency}{pace}.";
        }

        /// <summary>A successful answer after <paramref name="latency"/> seconds; returns a line for -Verbose when the throttle disengages.</summary>
        public string? Succeeded(double now, double latency)
        {
            if (!Engaged) return null;
            _admitted++;
            _latency = _latency <= 0 ? latency : 0.8 * _latency + 0.2 * latency;
            Limit = Math.Min(_ceiling, Limit + 1 / Limit);
            if (Limit < _ceiling || now < HoldUntil) return null;
            // The pace no longer binds once the ceiling's worth of requests at the current latency fit under it.
            double? rate = RateAt(now);
            if (rate.HasValue && rate.Value * _latency < _ceiling) return null;
            Engaged = false;
            _measuring = false;
            _admittedRate = 0;
            return $"the server stopped throttling: concurrency back to {_ceiling}, starts no longer paced.";
        }

        private static string Format(double value) => value.ToString(value < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture);
    }
}
