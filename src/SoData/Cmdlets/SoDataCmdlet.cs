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
    /// The one base of the cmdlets that call the API: the session (-Session, or the runspace's default one from
    /// Connect-SoData), async work (see <see cref="AsyncRunner"/> and <see cref="OrderedWork"/>), the parameters' rules
    /// for typed and piped values, and output (API objects, error records). Listing, paging and scoping are helpers the
    /// cmdlets compose (<see cref="ListingWriter"/>, <see cref="CorporateAccountScope"/>).
    /// </summary>
    public abstract class SoDataCmdlet : PSCmdlet, IDisposable
    {
        private readonly AsyncRunner _async;
        private OrderedWork? _pending;

        protected SoDataCmdlet() => _async = new AsyncRunner(this);

        /// <summary>The session to use, from Connect-SoData -PassThru or Get-SoDataSession; default: the current one.</summary>
        [Parameter]
        [NotEmpty]
        public SoDataSession? Session { get; set; }

        /// <summary>How many requests may run at once: pages of a listing, or the inputs of the pipeline.</summary>
        [Parameter]
        [Range(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>How many inputs' requests may run at once (-ThrottleLimit); the output still comes in input order.</summary>
        protected internal int Concurrency => ThrottleLimit;

        /// <summary>The session in use; set in BeginProcessing.</summary>
        protected internal SoDataSession ActiveSession { get; private set; } = null!;

        /// <summary>
        /// The uuid of the corporate account to work in: <paramref name="uuid"/> when known (a piped object, or
        /// -CorporateAccountUuid), else <paramref name="nameOrUuid"/> (-CorporateAccount), else the session's only
        /// account. Writes an error naming the parameter and the visible accounts, and returns null, when there is none.
        /// </summary>
        protected internal string? ResolveCorporateAccount(string? uuid, string? nameOrUuid, string howToGiveOne, object? target)
        {
            if (!string.IsNullOrEmpty(uuid)) return uuid;
            IReadOnlyList<CorporateAccount> accounts = Await(token => ActiveSession.CorporateAccounts.GetAllAsync(token));
            string visible = accounts.Count == 0 ? "none" : string.Join(", ", accounts.Select(a => a.Name));
            if (!string.IsNullOrEmpty(nameOrUuid))
            {
                CorporateAccount? match = CorporateAccountDirectory.Find(accounts, nameOrUuid!);
                if (match?.Uuid != null) return match.Uuid;
                WriteError(WithRow(NotFound("CorporateAccountNotFound",
                    $"-CorporateAccount '{nameOrUuid}' matches no corporate account visible to {ActiveSession.UserName ?? "this session"}. Visible: {visible}.", nameOrUuid)));
                return null;
            }
            if (accounts.Count == 1 && accounts[0].Uuid != null) return accounts[0].Uuid;
            WriteError(WithRow(InvalidArgument("CorporateAccountRequired",
                $"{MyInvocation.MyCommand.Name} needs a corporate account{(target == null ? string.Empty : $" for '{target}'")}: {howToGiveOne}, or give -CorporateAccount (name or uuid) or -CorporateAccountUuid (a CorporateAccountUuid column). Visible: {visible}.", target)));
            return null;
        }

        /// <summary>"corporate account 'SoLink'": the account's name when the session knows it (read once, cached), else its uuid.</summary>
        protected internal string DescribeAccount(string uuid) => "corporate account " + AccountName(uuid);

        /// <summary>"'SoLink'", or the uuid when the session does not know the name.</summary>
        protected string AccountName(string uuid)
        {
            IReadOnlyList<CorporateAccount> accounts = ActiveSession.CorporateAccounts.Cached ?? Await(token => ActiveSession.CorporateAccounts.GetAllAsync(token));
            string? name = accounts.FirstOrDefault(a => string.Equals(a.Uuid, uuid, StringComparison.OrdinalIgnoreCase))?.Name;
            return name == null ? uuid : $"'{name}'";
        }

        /// <summary>"device 'Delphys GP2' (uuid)" when the name is known, else "device uuid".</summary>
        protected internal static string DescribeDevice(string uuid, string? name) => "device " + NameOfDevice(uuid, name);

        /// <summary>"'Delphys GP2' (uuid)" when the name is known, else the uuid.</summary>
        protected internal static string NameOfDevice(string uuid, string? name) =>
            string.IsNullOrEmpty(name) ? uuid : $"'{name}' ({uuid})";

        /// <summary>
        /// At the end of the command, one non-terminating ObjectNotFound per value without wildcards that matched nothing
        /// in any listing read, naming the value, the parameter and where it was looked for:
        /// "No variable with -StreamRef 'Global|0|999999' on device 'X' (uuid)."
        /// </summary>
        /// <param name="where">Where it was looked for ("in corporate account 'SoLink'"); asked only when something is reported.</param>
        /// <param name="complete">False when -First or -Skip left objects unread (<see cref="ListingWriter.WasComplete"/>): a value seeming unmatched may exist, so nothing is reported.</param>
        internal void WriteUnmatched<T>(ListingFilter<T>? filter, string errorId, string what, Func<string> where, bool complete = true)
        {
            if (filter == null || !filter.LookedAnywhere || !complete) return;
            List<(string Parameter, string Value)> unmatched = filter.Unmatched().ToList();
            if (unmatched.Count == 0) return;
            string place;
            try
            {
                place = where();
            }
            catch (Exception ex) when (ex is Client.SoDataApiException || ex is Auth.SoDataAuthenticationException)
            {
                place = "in what was read"; // naming the account needs a request; the error must not be lost for it
            }
            foreach ((string parameter, string value) in unmatched)
                WriteError(NotFound(errorId, $"No {what} with -{parameter} '{value}' {place}.", value));
        }

        /// <summary>Something named by the user that does not exist (ItemNotFoundException, like Get-Item's).</summary>
        protected static ErrorRecord NotFound(string errorId, string message, object? target) =>
            ErrorRecords.NotFound(errorId, message, target);

        protected override void StopProcessing() => _async.Cancel();

        // The parameters given on the command line, and how many rows have come down the pipeline.
        private HashSet<string> _commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _rows;

        /// <summary>The position (from 1) of the piped row being processed, for errors; null without pipeline input.</summary>
        protected int? InputRow { get; private set; }

        /// <summary>
        /// Checks the values typed on the command line against the parameters' rules (a bad one ends the command), then
        /// takes the session: -Session, else the runspace's default one; none ends the command with a hint to Connect-SoData.
        /// </summary>
        protected override void BeginProcessing()
        {
            _commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: false);
            if (violation != null) ThrowTerminatingError(violation);
            SoDataSession? session = Session ?? SessionStore.Current;
            if (session == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no SoData session. Run Connect-SoData first, or pass one with -Session."),
                    "NoSession", ErrorCategory.InvalidOperation, null)
                {
                    ErrorDetails = new ErrorDetails("There is no SoData session. Run Connect-SoData first, or pass one with -Session.")
                    {
                        RecommendedAction = "Run Connect-SoData, or pass the result of Connect-SoData -PassThru with -Session.",
                    },
                });
            }
            ActiveSession = session!;
            ActiveSession.Client.AllowConcurrentRequests(ThrottleLimit);
            // When the server throttles, the session's concurrency is cut and grows back to this command's -ThrottleLimit.
            ActiveSession.Client.Throttle.Ceiling = ThrottleLimit;
            WriteVerbose($"Using the SoData session {ActiveSession}.");
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
            else if (this is ICountsPipedRows counted && MyInvocation.ExpectingInput)
            {
                InputRow = counted.PipedObjects.Next();
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
        protected internal ErrorRecord WithRow(ErrorRecord record)
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
        protected internal ErrorRecord MissingValue(string parameter, string howToGive)
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
        protected internal Task<T> Start<T>(Func<CancellationToken, Task<T>> work) => _async.Start(work);

        /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing queued verbose lines meanwhile.</summary>
        protected internal T Await<T>(Task<T> task) => _async.Await(task);

        /// <summary>Runs <paramref name="work"/> to completion on the thread pool, writing its verbose lines as they come.</summary>
        protected internal T Await<T>(Func<CancellationToken, Task<T>> work) => _async.Await(work);

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

        /// <summary>
        /// Writes an API object as it is: PowerShell lists its properties, the fields the module does not model included,
        /// through <see cref="ApiObjectAdapter"/> (SoData.Types.ps1xml), so nothing is added to it here.
        /// </summary>
        protected internal void WriteApiObject(ApiObject item) => WriteObject(item);

        /// <summary>Maps a failure to an ErrorRecord with a stable ErrorId and category (see <see cref="ErrorRecords.From"/>).</summary>
        protected static ErrorRecord ToErrorRecord(Exception exception, object? target) => ErrorRecords.From(exception, target);

        /// <summary>An error in what the user typed (see <see cref="ErrorRecords.InvalidArgument"/>).</summary>
        protected static ErrorRecord InvalidArgument(string errorId, string message, object? target) => ErrorRecords.InvalidArgument(errorId, message, target);

        /// <summary>
        /// A failure to get a token, or a credentials error, ends the command (every later call would fail the same way);
        /// anything else is per item.
        /// </summary>
        protected internal void WriteOrThrow(Exception exception, object? target)
        {
            ErrorRecord record = ErrorRecords.From(exception, target);
            if (ErrorRecords.EndsCommand(exception, record)) ThrowTerminatingError(record);
            WriteError(record);
        }

        /// <summary>Runs the work for one input; an API failure becomes an error record and the next input still runs.</summary>
        protected internal void ForInput(object? target, Action work)
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
            _async.Cancel();
            GC.SuppressFinalize(this);
        }
    }
}
