using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Auth;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Runs the client's async work for a cmdlet: one CancellationToken per call, cancelled by StopProcessing
    /// (Ctrl+C); the client's -Verbose lines are handed back to the pipeline thread, the only thread allowed to write.
    /// </summary>
    public abstract class AsyncCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _verbose = new ConcurrentQueue<string>();
        private readonly ConcurrentQueue<string> _status = new ConcurrentQueue<string>();
        private const int RetryProgressId = 100_001; // above the ids of the cmdlets' own progress bars
        private bool _retryShown;
        private readonly Queue<IPendingWrite> _pending = new Queue<IPendingWrite>();

        /// <summary>How many inputs' requests may run at once; the output still comes in input order.</summary>
        protected virtual int Concurrency => 1;

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Checks the values typed on the command line against the parameters' rules; a bad one ends the command.</summary>
        protected override void BeginProcessing()
        {
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: false);
            if (violation != null) ThrowTerminatingError(violation);
        }

        /// <summary>
        /// Checks the values piped in for this input, then runs <see cref="ProcessInput"/>. A bad value fails this input
        /// only, as a non-terminating InvalidArgument error: one bad CSV row does not stop the rest.
        /// </summary>
        protected override void ProcessRecord()
        {
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: true);
            if (violation != null)
            {
                WriteError(violation);
                return;
            }
            ProcessInput();
        }

        /// <summary>The work for one input (or the one call, without pipeline input).</summary>
        protected virtual void ProcessInput()
        {
        }

        /// <summary>Starts <paramref name="work"/> on the thread pool; its verbose lines wait for the pipeline thread.</summary>
        protected Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
        {
            using (Diagnostics.UseSink(_verbose.Enqueue, _status.Enqueue))
            {
                return Task.Run(() => work(_cancellation.Token));
            }
        }

        /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing queued verbose lines meanwhile.</summary>
        protected T Await<T>(Task<T> task)
        {
            WaitHandle done = ((IAsyncResult)task).AsyncWaitHandle;
            while (!done.WaitOne(50)) WriteQueuedVerbose();
            WriteQueuedVerbose();
            if (_retryShown)
            {
                WriteProgress(new ProgressRecord(RetryProgressId, "Retrying", "Done") { RecordType = ProgressRecordType.Completed });
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
        protected T Await<T>(Func<CancellationToken, Task<T>> work) => Await(Start(work));

        /// <summary>
        /// Starts the work for one input while earlier inputs' work still runs (at most <see cref="Concurrency"/> at
        /// once); each result is written, in input order, when the pipeline thread gets to it. An API failure becomes
        /// that input's error record. Call <see cref="CompletePending"/> in EndProcessing.
        /// </summary>
        protected void Enqueue<T>(object? target, Func<CancellationToken, Task<T>> work, Action<T> write)
        {
            while (_pending.Count >= Concurrency) _pending.Dequeue().Complete();
            _pending.Enqueue(new PendingWrite<T>(this, target, Start(work), write));
        }

        /// <summary>Writes the results of every input still in flight, in input order.</summary>
        protected void CompletePending()
        {
            while (_pending.Count > 0) _pending.Dequeue().Complete();
        }

        private void WriteQueuedVerbose()
        {
            while (_verbose.TryDequeue(out string? message)) WriteVerbose(message);
            // A request being retried shows as a progress line, so a silent wait is never a mystery.
            while (_status.TryDequeue(out string? status))
            {
                WriteProgress(new ProgressRecord(RetryProgressId, "Retrying a SoData request", status));
                _retryShown = true;
            }
        }

        private interface IPendingWrite
        {
            void Complete();
        }

        private sealed class PendingWrite<T> : IPendingWrite
        {
            private readonly AsyncCmdlet _owner;
            private readonly object? _target;
            private readonly Task<T> _task;
            private readonly Action<T> _write;

            public PendingWrite(AsyncCmdlet owner, object? target, Task<T> task, Action<T> write)
            {
                _owner = owner;
                _target = target;
                _task = task;
                _write = write;
            }

            public void Complete() => _owner.ForInput(_target, () => _write(_owner.Await(_task)));
        }

        /// <summary>Writes an API object with the fields the module does not model added as note properties.</summary>
        protected void WriteApiObject(ApiObject item)
        {
            PSObject output = PSObject.AsPSObject(item);
            foreach (var field in Json.AdditionalFieldsOf(item))
            {
                if (output.Properties[field.Key] == null) output.Properties.Add(new PSNoteProperty(field.Key, field.Value));
            }
            WriteObject(output);
        }

        /// <summary>Maps a failure to an ErrorRecord with a stable ErrorId and the category PowerShell users filter on.</summary>
        protected static ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            switch (exception)
            {
                case SoDataApiException { Connection: { } failure } api:
                    return ConnectionRecord(api, failure, target);
                case SoDataApiException api:
                    (string id, ErrorCategory category) = api.StatusCode switch
                    {
                        400 => ("ApiBadRequest", ErrorCategory.InvalidArgument),
                        401 => ("ApiUnauthorized", ErrorCategory.AuthenticationError),
                        403 => ("ApiForbidden", ErrorCategory.PermissionDenied),
                        404 => ("ApiNotFound", ErrorCategory.ObjectNotFound),
                        429 => ("ApiThrottled", ErrorCategory.LimitsExceeded),
                        null => ("ApiUnreachable", ErrorCategory.ConnectionError),
                        int code when code >= 500 => ("ApiServerError", ErrorCategory.ConnectionError),
                        _ => ("ApiError", ErrorCategory.NotSpecified),
                    };
                    if (api.StatusCode >= 200 && api.StatusCode < 300) (id, category) = ("ApiInvalidResponse", ErrorCategory.InvalidData);
                    return new ErrorRecord(api, id, category, target);
                case SoDataAuthenticationException { Connection: { } failure } auth:
                    return ConnectionRecord(auth, failure, target);
                case SoDataAuthenticationException auth:
                    // Only the server's verdict on the credentials is an authentication error.
                    (string authId, ErrorCategory authCategory, string? action) = auth.Problem switch
                    {
                        AuthenticationProblem.CredentialsRefused => ("AuthenticationFailed", ErrorCategory.AuthenticationError,
                            "Check the client id, client secret, user name and password, then run Connect-SoData again."),
                        AuthenticationProblem.TokenRejected => ("AccessTokenRejected", ErrorCategory.AuthenticationError,
                            "Run Connect-SoData again with a new -AccessToken, or with -Credential so tokens are renewed."),
                        AuthenticationProblem.RequestRefused => ("TokenRequestRefused", ErrorCategory.InvalidOperation,
                            "Check that the client id is allowed the password grant, and -AuthUrl and -Realm."),
                        AuthenticationProblem.ServerError => ("AuthServerError", ErrorCategory.ConnectionError, "Try again later."),
                        _ => ("InvalidTokenResponse", ErrorCategory.ProtocolError, "Check -AuthUrl: it must be the Keycloak server's root, such as https://connect.socomec.com/."),
                    };
                    return new ErrorRecord(auth, authId, authCategory, target)
                    {
                        ErrorDetails = new ErrorDetails(auth.Message) { RecommendedAction = action },
                    };
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>A server that could not be reached or is not there: ConnectionError (ObjectNotFound for a 404 endpoint), never a credentials problem.</summary>
        private static ErrorRecord ConnectionRecord(Exception exception, ConnectionFailure failure, object? target) =>
            new ErrorRecord(exception, failure.ErrorId,
                failure.Problem == ConnectionProblem.EndpointNotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.ConnectionError,
                target ?? failure.Url.GetLeftPart(UriPartial.Path))
            {
                ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = failure.Advice },
            };

        /// <summary>An error in what the user typed: names the parameter and says what would be valid.</summary>
        protected static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
            new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

        /// <summary>
        /// A failure to get a token, or a credentials error, ends the command (every later call would fail the same way);
        /// anything else is per item.
        /// </summary>
        protected void WriteOrThrow(Exception exception, object? target)
        {
            ErrorRecord record = ToErrorRecord(exception, target);
            if (EndsCommand(exception, record)) ThrowTerminatingError(record);
            WriteError(record);
        }

        /// <summary>True for a failure that every later request of the command would meet too: no token, or credentials refused.</summary>
        protected static bool EndsCommand(Exception exception, ErrorRecord record) =>
            exception is SoDataAuthenticationException || record.CategoryInfo.Category == ErrorCategory.AuthenticationError;

        /// <summary>Runs the work for one input; an API failure becomes an error record and the next input still runs.</summary>
        protected void ForInput(object? target, Action work)
        {
            try
            {
                work();
            }
            catch (Exception ex) when (ex is SoDataApiException || ex is SoDataAuthenticationException)
            {
                WriteOrThrow(ex, target);
            }
        }

        /// <summary>Cancels whatever is still in flight, e.g. when Select-Object -First ended the pipeline early.</summary>
        public void Dispose()
        {
            // Not disposed: requests being cancelled may still be unwinding on their registrations.
            _cancellation.Cancel();
            GC.SuppressFinalize(this);
        }
    }
}
