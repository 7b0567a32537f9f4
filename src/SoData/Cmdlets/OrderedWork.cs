using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Auth;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>What a failed piece of ordered work means for the rest.</summary>
    internal enum WorkFailure
    {
        /// <summary>The failure is that input's error; the other inputs go on (a listing per piped device).</summary>
        PerInput,

        /// <summary>The failure is an error and the rest of its batch is dropped; other batches go on (Get-SoDataDatapoint).</summary>
        SkipBatch,

        /// <summary>The failure ends the command and whatever is in flight is dropped (Export-SoDataDatapoint: a file missing series would look complete).</summary>
        Abort,
    }

    /// <summary>
    /// The one in-flight queue of the cmdlets: work started in input order, at most <c>limit</c> pieces at once, whose
    /// results are written in the same order on the pipeline thread. A failure is handled by the queue's
    /// <see cref="WorkFailure"/>; one that every later request would meet too (no token, credentials refused) ends the
    /// command whatever the policy.
    /// </summary>
    internal sealed class OrderedWork
    {
        private readonly Cmdlet _owner;
        private readonly AsyncRunner _runner;
        private readonly int _limit;
        private readonly WorkFailure _policy;
        private readonly Queue<IPiece> _inFlight = new Queue<IPiece>();
        private object? _failedBatch;

        /// <param name="owner">The cmdlet whose pipeline the results and errors are written to.</param>
        /// <param name="runner">Starts the work and waits for it on the pipeline thread.</param>
        public OrderedWork(Cmdlet owner, AsyncRunner runner, int limit, WorkFailure policy)
        {
            _owner = owner;
            _runner = runner;
            _limit = Math.Max(1, limit);
            _policy = policy;
        }

        /// <summary>Writes the oldest results until fewer than the limit are in flight.</summary>
        public void WaitForRoom()
        {
            while (_inFlight.Count >= _limit) CompleteNext();
        }

        /// <summary>Starts <paramref name="work"/> when there is room, unless its batch has failed (then it is not started).</summary>
        /// <param name="target">What the work is about: the target of its error record.</param>
        /// <param name="write">Writes the result, on the pipeline thread, in order.</param>
        /// <param name="batch">The batch the work belongs to, for <see cref="WorkFailure.SkipBatch"/>.</param>
        /// <param name="completing">Runs on the pipeline thread before waiting for the result (a progress line).</param>
        /// <param name="toError">The error record of a failure; by default the one <see cref="ErrorRecords.From"/> gives for <paramref name="target"/>.</param>
        /// <param name="failed">Runs after a failure was written as a non-terminating error.</param>
        public void Add<T>(object? target, Func<CancellationToken, Task<T>> work, Action<T> write, object? batch = null,
            Action? completing = null, Func<Exception, ErrorRecord>? toError = null, Action? failed = null)
        {
            WaitForRoom();
            if (HasFailed(batch)) return;
            _inFlight.Enqueue(new Piece<T>(target, batch, _runner.Start(work), write, completing, toError, failed));
        }

        /// <summary>Writes the results that have already arrived, without waiting.</summary>
        public void CompleteReady()
        {
            while (_inFlight.Count > 0 && _inFlight.Peek().IsCompleted) CompleteNext();
        }

        /// <summary>Writes every result still in flight, in order.</summary>
        public void CompleteAll()
        {
            while (_inFlight.Count > 0) CompleteNext();
        }

        private bool HasFailed(object? batch) => _policy == WorkFailure.SkipBatch && batch != null && batch.Equals(_failedBatch);

        private void CompleteNext()
        {
            IPiece piece = _inFlight.Dequeue();
            if (HasFailed(piece.Batch))
            {
                piece.Drop();
                return;
            }
            try
            {
                piece.Complete(_runner);
            }
            catch (Exception ex) when (ex is SoDataApiException || ex is SoDataAuthenticationException)
            {
                ErrorRecord record = piece.ToError(ex);
                if (_policy == WorkFailure.Abort || ErrorRecords.EndsCommand(ex, record))
                {
                    foreach (IPiece other in _inFlight) other.Drop();
                    _inFlight.Clear();
                    _owner.ThrowTerminatingError(record);
                }
                _owner.WriteError(record);
                if (_policy == WorkFailure.SkipBatch) _failedBatch = piece.Batch;
                piece.Failed();
            }
        }

        private interface IPiece
        {
            object? Batch { get; }
            bool IsCompleted { get; }
            void Complete(AsyncRunner runner);
            ErrorRecord ToError(Exception exception);
            void Failed();
            void Drop();
        }

        private sealed class Piece<T> : IPiece
        {
            private readonly object? _target;
            private readonly Task<T> _task;
            private readonly Action<T> _write;
            private readonly Action? _completing;
            private readonly Func<Exception, ErrorRecord>? _toError;
            private readonly Action? _failed;

            public Piece(object? target, object? batch, Task<T> task, Action<T> write, Action? completing, Func<Exception, ErrorRecord>? toError, Action? failed)
            {
                _target = target;
                Batch = batch;
                _task = task;
                _write = write;
                _completing = completing;
                _toError = toError;
                _failed = failed;
            }

            public object? Batch { get; }
            public bool IsCompleted => _task.IsCompleted;

            public void Complete(AsyncRunner runner)
            {
                _completing?.Invoke();
                _write(runner.Await(_task));
            }

            public ErrorRecord ToError(Exception exception) => _toError?.Invoke(exception) ?? ErrorRecords.From(exception, _target);

            public void Failed() => _failed?.Invoke();

            /// <summary>Not waited for: its outcome is observed so that a failure is not reported as unobserved.</summary>
            public void Drop() => _task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
