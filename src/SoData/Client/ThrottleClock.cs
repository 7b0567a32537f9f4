using System;
using System.Diagnostics;
using System.Threading;

namespace SoData.Client
{
    /// <summary>
    /// The time a <see cref="SessionThrottle"/> runs on: a monotonic reading and one-shot timers. Tests give a fake
    /// one, so that holds and pacing are checked without waiting on the wall clock.
    /// </summary>
    public abstract class ThrottleClock
    {
        public static ThrottleClock System { get; } = new SystemClock();

        /// <summary>Time elapsed since some fixed origin; never goes back.</summary>
        public abstract TimeSpan Now { get; }

        /// <summary>Calls <paramref name="callback"/> once, <paramref name="due"/> from now; disposing cancels it.</summary>
        public abstract IDisposable Schedule(TimeSpan due, Action callback);

        private sealed class SystemClock : ThrottleClock
        {
            private readonly Stopwatch _watch = Stopwatch.StartNew();

            public override TimeSpan Now => _watch.Elapsed;

            public override IDisposable Schedule(TimeSpan due, Action callback)
            {
                if (due < TimeSpan.Zero) due = TimeSpan.Zero;
                return new Timer(_ => callback(), null, due, global::System.Threading.Timeout.InfiniteTimeSpan);
            }
        }
    }
}
