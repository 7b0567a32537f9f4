using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Client
{
    /// <summary>
    /// One throttle per session, shared by every request and every runspace that uses it: when the server throttles,
    /// new requests wait for its Retry-After, the concurrency is cut and grown back, and starts are paced at the rate
    /// the server admits (see <see cref="ThrottleState"/>). Until the server throttles, entering is one volatile read and
    /// one interlocked increment: no lock, no await.
    /// </summary>
    public sealed partial class SessionThrottle
    {
        private readonly object _lock = new object();
        private readonly ThrottleState _state = new ThrottleState();
        private readonly LinkedList<Waiter> _waiters = new LinkedList<Waiter>();
        private readonly List<CommandGate> _commands = new List<CommandGate>();
        private volatile bool _engaged;
        private int _inFlight;
        private IDisposable? _wake;
        private double _wakeAt;
        private long _requests;
        private long _retries;
        private long _throttled;
        private long _episodeStart = NoEpisode;
        private long _episodeSuccesses;
        private long _lastExit = NoEpisode;
        private const long NoEpisode = long.MinValue;
        // A session idle this long starts a new episode: the time it sent nothing (a script between two commands,
        // Connect-SoData's check before the first one) says nothing of the rate the server admits.
        private static readonly long IdleGap = TimeSpan.FromSeconds(1).Ticks;

        public SessionThrottle(ThrottleClock? clock = null) => Clock = clock ?? ThrottleClock.System;

        public ThrottleClock Clock { get; }

        /// <summary>HTTP requests sent, retries included.</summary>
        public long Requests => Interlocked.Read(ref _requests);

        /// <summary>Requests sent again after a failure or a throttled answer.</summary>
        public long Retries => Interlocked.Read(ref _retries);

        /// <summary>Answers by which the server throttled (429, or 503 with Retry-After).</summary>
        public long ThrottledAnswers => Interlocked.Read(ref _throttled);

        /// <summary>How long the session held its requests back for the server's Retry-After.</summary>
        public TimeSpan TimeHeld
        {
            get { lock (_lock) return TimeSpan.FromSeconds(_state.HeldSeconds); }
        }

        /// <summary>How many requests may run at once now: the ceiling, or less while the server throttles.</summary>
        public int Concurrency
        {
            get { lock (_lock) return _state.Concurrency; }
        }

        /// <summary>The pace of request starts in requests per second while the server throttles; null otherwise.</summary>
        public double? Pace
        {
            get { lock (_lock) return _state.RateAt(Seconds); }
        }

        /// <summary>
        /// The concurrency grown back to after the server throttled: the highest -ThrottleLimit of the commands using the
        /// session now (each of them is held to its own by its <see cref="CommandGate"/>).
        /// </summary>
        public int Ceiling
        {
            get { lock (_lock) return _state.Ceiling; }
            set
            {
                List<(Waiter, Slot)>? started;
                lock (_lock)
                {
                    if (_state.Ceiling == value) return;
                    _state.Ceiling = value;
                    started = Pump();
                }
                Release(started);
            }
        }

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>
        /// A command starts using the session: at most <paramref name="limit"/> of its requests at once (its
        /// -ThrottleLimit), which no other command's limit changes. Dispose the gate when the command ends.
        /// </summary>
        public CommandGate Join(int limit)
        {
            var gate = new CommandGate(this, limit, Leave);
            lock (_lock) _commands.Add(gate);
            UpdateCeiling();
            return gate;
        }

        private void Leave(CommandGate gate)
        {
            lock (_lock) _commands.Remove(gate);
            UpdateCeiling();
        }

        /// <summary>The ceiling is the highest limit of the commands in the session (unchanged when none is left).</summary>
        private void UpdateCeiling()
        {
            int highest;
            lock (_lock)
            {
                if (_commands.Count == 0) return;
                highest = 1;
                foreach (CommandGate command in _commands) highest = Math.Max(highest, command.Limit);
            }
            Ceiling = highest;
        }

        private double Seconds => Clock.Now.TotalSeconds;

        internal void CountRequest(bool retry)
        {
            Interlocked.Increment(ref _requests);
            if (retry) Interlocked.Increment(ref _retries);
        }

        /// <summary>
        /// A slot to send one request in; waits while the command that sends it is at its own limit (its
        /// <see cref="CommandGate"/>, when its work carries one), and while the session is held back, paced or at its concurrency.
        /// </summary>
        public Task<Slot> EnterAsync(CancellationToken cancellationToken)
        {
            CommandGate? gate = CommandGate.Current;
            if (gate == null || gate.Session != this) return EnterSessionAsync(null, cancellationToken);
            if (!gate.TryEnter()) return EnterThroughGateAsync(gate, cancellationToken);
            Task<Slot> entering = EnterSessionAsync(gate, cancellationToken);
            return entering.IsCompleted ? entering : ExitGateOnFailure(entering, gate);
        }

        private async Task<Slot> EnterThroughGateAsync(CommandGate gate, CancellationToken cancellationToken)
        {
            await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            return await ExitGateOnFailure(EnterSessionAsync(gate, cancellationToken), gate).ConfigureAwait(false);
        }

        /// <summary>A request cancelled while it waited for the session gives its command's place back.</summary>
        private static async Task<Slot> ExitGateOnFailure(Task<Slot> entering, CommandGate gate)
        {
            try
            {
                return await entering.ConfigureAwait(false);
            }
            catch
            {
                gate.Exit();
                throw;
            }
        }

        private Task<Slot> EnterSessionAsync(CommandGate? gate, CancellationToken cancellationToken)
        {
            if (!_engaged)
            {
                TimeSpan now = Clock.Now;
                bool wasIdle = Interlocked.Increment(ref _inFlight) == 1;
                long lastExit = Volatile.Read(ref _lastExit);
                if (wasIdle && lastExit != NoEpisode && now.Ticks - lastExit >= IdleGap)
                {
                    Interlocked.Exchange(ref _episodeSuccesses, 0);
                    Interlocked.Exchange(ref _episodeStart, now.Ticks);
                }
                else if (Volatile.Read(ref _episodeStart) == NoEpisode) Interlocked.CompareExchange(ref _episodeStart, now.Ticks, NoEpisode);
                return Task.FromResult(new Slot(this, now, gate));
            }
            Waiter waiter;
            lock (_lock)
            {
                double now = Seconds;
                if (_waiters.Count == 0 && _state.CanStart(now, _inFlight)) return Task.FromResult(StartLocked(now, gate));
                waiter = new Waiter(gate);
                LinkedListNode<Waiter> node = _waiters.AddLast(waiter);
                if (cancellationToken.CanBeCanceled)
                    waiter.Registration = cancellationToken.Register(() => Cancel(node, cancellationToken));
                ScheduleWake(now);
            }
            return waiter.Task.Task;
        }

        private Slot StartLocked(double now, CommandGate? gate)
        {
            _state.Started(now);
            Interlocked.Increment(ref _inFlight);
            return new Slot(this, TimeSpan.FromSeconds(now), gate);
        }

        private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (node.List == null) return;
                _waiters.Remove(node);
            }
            node.Value.Task.TrySetCanceled(cancellationToken);
        }

        /// <summary>
        /// Under the lock: takes the waiting requests that may start now, and arms a timer for the next hold or pacing
        /// slot. The caller hands them their slots with <see cref="Release"/> once out of the lock.
        /// </summary>
        private List<(Waiter, Slot)>? Pump()
        {
            double now = Seconds;
            List<(Waiter, Slot)>? started = null;
            while (_waiters.First != null && _state.CanStart(now, _inFlight))
            {
                Waiter waiter = _waiters.First.Value;
                _waiters.RemoveFirst();
                (started ??= new List<(Waiter, Slot)>()).Add((waiter, StartLocked(now, waiter.Gate)));
            }
            if (!_state.Engaged && _waiters.Count == 0) _engaged = false;
            ScheduleWake(now);
            return started;
        }

        /// <summary>Out of the lock: disposing a registration waits for a cancellation callback, which takes the lock.</summary>
        private static void Release(List<(Waiter, Slot)>? started)
        {
            if (started == null) return;
            foreach ((Waiter waiter, Slot slot) in started)
            {
                waiter.Registration.Dispose();
                // Continuations run asynchronously (see Waiter): the task completes here, its awaiter runs elsewhere.
                waiter.Task.TrySetResult(slot);
            }
        }

        private void ScheduleWake(double now)
        {
            if (_waiters.Count == 0) return;
            double? due = _state.WakeAt(now);
            if (!due.HasValue || (_wake != null && _wakeAt <= due.Value)) return;
            _wake?.Dispose();
            _wakeAt = due.Value;
            // Rounded up to the next millisecond, so the timer never fires just before the time it waits for.
            _wake = Clock.Schedule(TimeSpan.FromMilliseconds(Math.Ceiling((due.Value - now) * 1000)), OnWake);
        }

        private void OnWake()
        {
            List<(Waiter, Slot)>? started;
            lock (_lock)
            {
                _wake?.Dispose();
                _wake = null;
                started = Pump();
            }
            Release(started);
        }

        private void Exit(Slot slot, Outcome outcome, TimeSpan retryAfter, Action<string>? report)
        {
            string? change = null;
            List<(Waiter, Slot)>? started = null;
            if (Interlocked.Decrement(ref _inFlight) == 0) Volatile.Write(ref _lastExit, Clock.Now.Ticks);
            if (outcome == Outcome.Throttled)
            {
                Interlocked.Increment(ref _throttled);
                lock (_lock)
                {
                    double now = Seconds;
                    long episodeStart = Volatile.Read(ref _episodeStart);
                    change = _state.Throttled(now, slot.StartedAt.TotalSeconds, retryAfter.TotalSeconds, _inFlight + 1,
                        Interlocked.Read(ref _episodeSuccesses), episodeStart == NoEpisode ? now : TimeSpan.FromTicks(episodeStart).TotalSeconds);
                    _engaged = true;
                    started = Pump();
                }
            }
            else if (_engaged)
            {
                lock (_lock)
                {
                    double now = Seconds;
                    if (outcome == Outcome.Succeeded && _state.Engaged)
                    {
                        change = _state.Succeeded(now, now - slot.StartedAt.TotalSeconds);
                        if (!_state.Engaged)
                        {
                            // A new episode: the next throttling guesses the rate from what goes through from now on.
                            Interlocked.Exchange(ref _episodeStart, NoEpisode);
                            Interlocked.Exchange(ref _episodeSuccesses, 0);
                        }
                    }
                    started = Pump();
                }
            }
            else if (outcome == Outcome.Succeeded)
            {
                Interlocked.Increment(ref _episodeSuccesses);
            }
            Release(started);
            if (change != null) report?.Invoke(change);
        }

        private enum Outcome
        {
            Succeeded,
            Failed,
            Throttled,
        }

        /// <summary>One request's place in the throttle; say how it ended (or just dispose it when it failed otherwise).</summary>
        public sealed class Slot : IDisposable
        {
            private readonly SessionThrottle _owner;
            private readonly CommandGate? _gate;
            private int _done;

            internal Slot(SessionThrottle owner, TimeSpan startedAt, CommandGate? gate)
            {
                _owner = owner;
                StartedAt = startedAt;
                _gate = gate;
            }

            public TimeSpan StartedAt { get; }

            /// <summary>The server answered without throttling.</summary>
            public void Succeeded(Action<string>? report = null) => End(Outcome.Succeeded, TimeSpan.Zero, report);

            /// <summary>The server throttled: hold the session for <paramref name="retryAfter"/> and slow down.</summary>
            public void Throttled(TimeSpan retryAfter, Action<string>? report = null) => End(Outcome.Throttled, retryAfter, report);

            /// <summary>Ends the slot without an answer to learn from (an exception, a cancellation).</summary>
            public void Dispose() => End(Outcome.Failed, TimeSpan.Zero, null);

            private void End(Outcome outcome, TimeSpan retryAfter, Action<string>? report)
            {
                if (Interlocked.Exchange(ref _done, 1) != 0) return;
                _gate?.Exit();
                _owner.Exit(this, outcome, retryAfter, report);
            }
        }

        private sealed class Waiter
        {
            public Waiter(CommandGate? gate) => Gate = gate;

            public readonly TaskCompletionSource<Slot> Task = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
            public readonly CommandGate? Gate;
            public CancellationTokenRegistration Registration;
        }
    }
}
