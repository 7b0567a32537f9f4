using System;
using System.Threading;

namespace SoData.Client
{
    /// <summary>
    /// Where the client's -Verbose lines go. The client knows nothing of PowerShell: a cmdlet sets a sink for
    /// the duration of one call and it flows with the async work, so parallel runspaces never mix their lines.
    /// </summary>
    public static class Diagnostics
    {
        private static readonly AsyncLocal<Action<string>?> CurrentSink = new AsyncLocal<Action<string>?>();

        public static IDisposable UseSink(Action<string> sink)
        {
            Action<string>? previous = CurrentSink.Value;
            CurrentSink.Value = sink;
            return new Restore(previous);
        }

        public static void Verbose(string message) => CurrentSink.Value?.Invoke(message);

        private sealed class Restore : IDisposable
        {
            private readonly Action<string>? _previous;
            public Restore(Action<string>? previous) => _previous = previous;
            public void Dispose() => CurrentSink.Value = _previous;
        }
    }
}
