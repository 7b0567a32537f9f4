using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;
using SoData.Net;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Runs the client's async work for a cmdlet: one CancellationToken per call, cancelled by StopProcessing
    /// (Ctrl+C); the client's -Verbose lines and retry status are handed back to the pipeline thread, the only thread
    /// allowed to write.
    /// </summary>
    internal sealed class AsyncRunner
    {
        private readonly Cmdlet _cmdlet;
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _verbose = new ConcurrentQueue<string>();
        private readonly ConcurrentQueue<string> _status = new ConcurrentQueue<string>();
        private const int RetryProgressId = 100_001; // above the ids of the cmdlets' own progress bars
        private bool _retryShown;

        public AsyncRunner(Cmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>The command's share of its session's throttle, carried by the work started here (see <see cref="CommandGate"/>).</summary>
        public CommandGate? Gate { get; set; }

        /// <summary>Cancels whatever is in flight (StopProcessing, or the pipeline ended early). Not disposed: requests being cancelled may still be unwinding on their registrations.</summary>
        public void Cancel() => _cancellation.Cancel();

        /// <summary>Starts <paramref name="work"/> on the thread pool; its verbose lines wait for the pipeline thread.</summary>
        public Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
        {
            using (Diagnostics.UseSink(_verbose.Enqueue, _status.Enqueue))
            using (CommandGate.Use(Gate))
            {
                return Task.Run(() => work(_cancellation.Token));
            }
        }

        /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing queued verbose lines meanwhile.</summary>
        public T Await<T>(Task<T> task)
        {
            WaitHandle done = ((IAsyncResult)task).AsyncWaitHandle;
            while (!done.WaitOne(50)) WriteQueuedVerbose();
            WriteQueuedVerbose();
            if (_retryShown)
            {
                _cmdlet.WriteProgress(new ProgressRecord(RetryProgressId, "Retrying", "Done") { RecordType = ProgressRecordType.Completed });
                _retryShown = false;
            }
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Runs <paramref name="work"/> to completion on the thread pool, writing its verbose lines as they come.</summary>
        public T Await<T>(Func<CancellationToken, Task<T>> work) => Await(Start(work));

        private void WriteQueuedVerbose()
        {
            while (_verbose.TryDequeue(out string? message)) _cmdlet.WriteVerbose(message);
            // A request being retried shows as a progress line, so a silent wait is never a mystery.
            while (_status.TryDequeue(out string? status))
            {
                _cmdlet.WriteProgress(new ProgressRecord(RetryProgressId, "Retrying a SoData request", status));
                _retryShown = true;
            }
        }
    }
}
