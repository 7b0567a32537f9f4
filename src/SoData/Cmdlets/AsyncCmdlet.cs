using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
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
        private OrderedWork? _pending;

        /// <summary>How many inputs' requests may run at once; the output still comes in input order.</summary>
        protected internal virtual int Concurrency => 1;

        protected override void StopProcessing() => _cancellation.Cancel();

        // The parameters given on the command line, and how many rows have come down the pipeline.
        private HashSet<string> _commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _rows;

        /// <summary>The position (from 1) of the piped row being processed, for errors; null without pipeline input.</summary>
        protected int? InputRow { get; private set; }

        /// <summary>Checks the values typed on the command line against the parameters' rules; a bad one ends the command.</summary>
        protected override void BeginProcessing()
        {
            _commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: false);
            if (violation != null) ThrowTerminatingError(violation);
        }

        /// <summary>
        /// Checks the values piped in for this input, then runs <see cref="ProcessInput"/>. A bad value fails this input
        /// only, as a non-terminating InvalidArgument error: one bad CSV row does not stop the rest.
        /// </summary>
        protected override void ProcessRecord()
        {
            InputRow = null;
            if (this is IPipedRows piped && piped.PipelineObject != null)
            {
                InputRow = ++_rows;
                if (!MyInvocation.BoundParameters.Keys.Any(name => !_commandLine.Contains(name) && PipedRows.TakesPipelineInput(GetType(), name)))
                {
                    WriteError(new ErrorRecord(new ArgumentException(
                        $"{PipedRows.Position(InputRow.Value)} has none of the columns {MyInvocation.MyCommand.Name} reads (it has {PipedRows.PropertiesOf(piped.PipelineObject)}). " +
                        $"Columns that work: {PipedRows.Describe(GetType())}; or pipe objects of the module."),
                        "InputRowNotUsable", ErrorCategory.InvalidArgument, piped.PipelineObject));
                    return;
                }
            }
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: true);
            if (violation != null)
            {
                WriteError(WithRow(violation));
                return;
            }
            ProcessInput();
        }

        /// <summary>The error, said of the piped row it is about ("Row 3 of the piped input: ..."), when there is one.</summary>
        protected ErrorRecord WithRow(ErrorRecord record)
        {
            if (InputRow == null) return record;
            string message = record.ErrorDetails?.Message ?? record.Exception.Message;
            record.ErrorDetails = new ErrorDetails($"{PipedRows.Position(InputRow.Value)}: {message}")
            {
                RecommendedAction = $"Fix that row, or the column's name. Columns that work: {PipedRows.Describe(GetType())}.",
            };
            return record;
        }

        /// <summary>
        /// The error for a missing required value: of a piped row, it names the row, the column and the columns that
        /// work; on the command line, the parameter and how to give it.
        /// </summary>
        protected ErrorRecord MissingValue(string parameter, string howToGive)
        {
            string message = InputRow == null
                ? $"{MyInvocation.MyCommand.Name} needs -{parameter}: {howToGive}."
                : $"{PipedRows.Position(InputRow.Value)} has no {parameter} column (it has {PipedRows.PropertiesOf(((IPipedRows)this).PipelineObject!)}). Columns that work: {PipedRows.Describe(GetType())}.";
            return new ErrorRecord(new ArgumentException(message, parameter), "Missing" + parameter, ErrorCategory.InvalidArgument, (this as IPipedRows)?.PipelineObject);
        }

        /// <summary>The work for one input (or the one call, without pipeline input).</summary>
        protected virtual void ProcessInput()
        {
        }

        /// <summary>Starts <paramref name="work"/> on the thread pool; its verbose lines wait for the pipeline thread.</summary>
        protected internal Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
        {
            using (Diagnostics.UseSink(_verbose.Enqueue, _status.Enqueue))
            {
                return Task.Run(() => work(_cancellation.Token));
            }
        }

        /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing queued verbose lines meanwhile.</summary>
        protected internal T Await<T>(Task<T> task)
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
        protected internal T Await<T>(Func<CancellationToken, Task<T>> work) => Await(Start(work));

        /// <summary>
        /// Starts the work for one input while earlier inputs' work still runs (at most <see cref="Concurrency"/> at
        /// once); each result is written, in input order, when the pipeline thread gets to it. An API failure becomes
        /// that input's error record. Call <see cref="CompletePending"/> in EndProcessing.
        /// </summary>
        protected internal void Enqueue<T>(object? target, Func<CancellationToken, Task<T>> work, Action<T> write) =>
            (_pending ??= new OrderedWork(this, Concurrency, WorkFailure.PerInput)).Add(target, work, write);

        /// <summary>Writes the results of every input still in flight, in input order.</summary>
        protected internal void CompletePending() => _pending?.CompleteAll();

        /// <summary>Writes what is still in flight; a cmdlet that adds steps at the end calls this first.</summary>
        protected override void EndProcessing() => CompletePending();

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

        /// <summary>
        /// Writes an API object with the fields the module does not model added as note properties. PowerShell lists
        /// an object's note properties before its .NET ones, so when there are such fields the modelled properties are
        /// added first, as notes with the same values: Format-List * and Export-Csv then start with Name, Uuid... and
        /// end with the API's extra fields (custom, tags...), not the other way round.
        /// </summary>
        protected void WriteApiObject(ApiObject item)
        {
            PSObject output = PSObject.AsPSObject(item);
            // An object written before (a cached corporate account, maybe by another runspace) keeps the notes it was given then.
            if (item.AdditionalFields != null && item.AdditionalFields.Count > 0) Decorate(item, output);
            WriteObject(output);
        }

        private static void Decorate(ApiObject item, PSObject output)
        {
            lock (s_decorated)
            {
                if (s_decorated.TryGetValue(item, out _)) return;
                s_decorated.Add(item, s_marker);
                // Names are checked against the model's own list, not with output.Properties[name]: that lookup walks
                // PowerShell's adapters and, for thousands of objects, costs more than the listing itself.
                (PropertyInfo[] modelled, HashSet<string> names) = ModelledProperties(item.GetType());
                PSMemberInfoCollection<PSPropertyInfo> properties = output.Properties;
                foreach (PropertyInfo property in modelled) properties.Add(new PSNoteProperty(property.Name, property.GetValue(item)), true);
                foreach (var field in Json.AdditionalFieldsOf(item))
                {
                    if (names.Add(field.Key)) properties.Add(new PSNoteProperty(field.Key, field.Value), true);
                }
            }
        }

        private static readonly ConditionalWeakTable<ApiObject, object> s_decorated = new ConditionalWeakTable<ApiObject, object>();
        private static readonly object s_marker = new object();
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_modelledProperties = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>The type's readable properties, and a fresh set of their names (case-insensitive, as PowerShell's).</summary>
        private static (PropertyInfo[], HashSet<string>) ModelledProperties(Type type)
        {
            PropertyInfo[] properties = s_modelledProperties.GetOrAdd(type, t =>
                t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());
            return (properties, new HashSet<string>(properties.Select(p => p.Name), StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>Maps a failure to an ErrorRecord with a stable ErrorId and category (see <see cref="ErrorRecords.From"/>).</summary>
        protected static ErrorRecord ToErrorRecord(Exception exception, object? target) => ErrorRecords.From(exception, target);

        /// <summary>An error in what the user typed (see <see cref="ErrorRecords.InvalidArgument"/>).</summary>
        protected static ErrorRecord InvalidArgument(string errorId, string message, object? target) => ErrorRecords.InvalidArgument(errorId, message, target);

        /// <summary>
        /// A failure to get a token, or a credentials error, ends the command (every later call would fail the same way);
        /// anything else is per item.
        /// </summary>
        protected void WriteOrThrow(Exception exception, object? target)
        {
            ErrorRecord record = ErrorRecords.From(exception, target);
            if (ErrorRecords.EndsCommand(exception, record)) ThrowTerminatingError(record);
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

        /// <summary>Cancels whatever is still in flight, e.g. when Select-Object -First ended the pipeline early.</summary>
        public void Dispose()
        {
            // Not disposed: requests being cancelled may still be unwinding on their registrations.
            _cancellation.Cancel();
            GC.SuppressFinalize(this);
        }
    }
}
