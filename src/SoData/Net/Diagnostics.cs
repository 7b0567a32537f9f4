using System;
using System.Threading;

namespace SoData.Net
{
    /// <summary>
    /// Where the client's -Verbose lines and status lines (a request being retried) go. The client knows nothing of
    /// PowerShell: a cmdlet sets sinks for the duration of one call and they flow with the async work, so parallel
    /// runspaces never mix their lines.
    /// </summary>
    internal static class Diagnostics
    {
        private static readonly AsyncLocal<Action<string>?> CurrentSink = new AsyncLocal<Action<string>?>();
        private static readonly AsyncLocal<Action<string>?> CurrentStatusSink = new AsyncLocal<Action<string>?>();

        /// <param name="status">Receives <see cref="Status"/> lines, e.g. to show them as a progress line.</param>
        public static IDisposable UseSink(Action<string> sink, Action<string>? status = null)
        {
            var restore = new Restore(CurrentSink.Value, CurrentStatusSink.Value);
            CurrentSink.Value = sink;
            CurrentStatusSink.Value = status;
            return restore;
        }

        public static void Verbose(string message) => CurrentSink.Value?.Invoke(message);

        /// <summary>What a request is waiting for now ("GET api/v1/ca: attempt 2 of 5"), for a progress line.</summary>
        public static void Status(string message) => CurrentStatusSink.Value?.Invoke(message);

        private sealed class Restore : IDisposable
        {
            private readonly Action<string>? _previous;
            private readonly Action<string>? _previousStatus;

            public Restore(Action<string>? previous, Action<string>? previousStatus)
            {
                _previous = previous;
                _previousStatus = previousStatus;
            }

            public void Dispose()
            {
                CurrentSink.Value = _previous;
                CurrentStatusSink.Value = _previousStatus;
            }
        }
    }
}
