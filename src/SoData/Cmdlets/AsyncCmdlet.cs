using System;
using System.Collections.Concurrent;
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

        protected CancellationToken CancellationToken => _cancellation.Token;

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Runs <paramref name="work"/> to completion on the thread pool, writing its verbose lines as they come.</summary>
        protected T Await<T>(Func<CancellationToken, Task<T>> work)
        {
            using var messages = new BlockingCollection<string>();
            Task<T> task;
            using (Diagnostics.UseSink(message => TryAdd(messages, message)))
            {
                task = Task.Run(() => work(_cancellation.Token));
            }
            task.ContinueWith(_ => messages.CompleteAdding(), TaskScheduler.Default);

            foreach (string message in messages.GetConsumingEnumerable()) WriteVerbose(message);

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Await(Func<CancellationToken, Task> work) =>
            Await<bool>(async token => { await work(token).ConfigureAwait(false); return true; });

        private static void TryAdd(BlockingCollection<string> messages, string message)
        {
            try
            {
                messages.Add(message);
            }
            catch (InvalidOperationException)
            {
                // The call has finished: a late line from a background continuation has nowhere to go.
            }
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
                case SoDataAuthenticationException auth:
                    return new ErrorRecord(auth, "AuthenticationFailed", ErrorCategory.AuthenticationError, target)
                    {
                        ErrorDetails = new ErrorDetails(auth.Message) { RecommendedAction = "Check the client id, client secret, user name and password, then run Connect-SoData again." },
                    };
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>An error in what the user typed: names the parameter and says what would be valid.</summary>
        protected static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
            new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

        /// <summary>Auth failures end the command (every later call would fail the same way); anything else is per item.</summary>
        protected void WriteOrThrow(Exception exception, object? target)
        {
            ErrorRecord record = ToErrorRecord(exception, target);
            if (record.CategoryInfo.Category == ErrorCategory.AuthenticationError) ThrowTerminatingError(record);
            WriteError(record);
        }

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

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
