using System;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Client
{
    /// <summary>
    /// One command's share of its session's throttle (<see cref="SessionThrottle.Join"/>): at most <see cref="Limit"/>
    /// of the command's requests (its -ThrottleLimit) are in the throttle at once, whatever other commands, in this
    /// runspace or another, do with the same session. The command's async work carries it (<see cref="Use"/>), so every
    /// request it makes, however deep in the client, is counted against it. Dispose when the command ends.
    /// </summary>
    public sealed class CommandGate : IDisposable
    {
        private static readonly AsyncLocal<CommandGate?> CurrentGate = new AsyncLocal<CommandGate?>();
        private readonly SemaphoreSlim _slots;
        private readonly Action<CommandGate> _leave;
        private int _left;

        internal CommandGate(SessionThrottle session, int limit, Action<CommandGate> leave)
        {
            Session = session;
            Limit = Math.Max(1, limit);
            _slots = new SemaphoreSlim(Limit, Limit);
            _leave = leave;
        }

        /// <summary>The session whose throttle the gate belongs to; a request of another session is not counted.</summary>
        public SessionThrottle Session { get; }

        public int Limit { get; }

        /// <summary>The command's requests in the throttle now.</summary>
        public int InFlight => Limit - _slots.CurrentCount;

        /// <summary>The gate of the command whose async work runs here; null outside a command.</summary>
        internal static CommandGate? Current => CurrentGate.Value;

        /// <summary>Makes <paramref name="gate"/> the current one for the work started until the result is disposed (it flows into that work).</summary>
        public static IDisposable Use(CommandGate? gate)
        {
            CommandGate? previous = CurrentGate.Value;
            CurrentGate.Value = gate;
            return new Restore(previous);
        }

        internal bool TryEnter() => _slots.Wait(0);

        internal Task EnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

        internal void Exit() => _slots.Release();

        /// <summary>The command has ended: the session's ceiling no longer counts its limit.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) _leave(this);
        }

        private sealed class Restore : IDisposable
        {
            private readonly CommandGate? _previous;

            public Restore(CommandGate? previous) => _previous = previous;

            public void Dispose() => CurrentGate.Value = _previous;
        }
    }
}
