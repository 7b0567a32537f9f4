using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The one base of the cmdlets that call the API: the session (-Session, or the runspace's default one from
    /// Connect-SoData), -ThrottleLimit, async work (<see cref="AsyncRunner"/>, and the per-input <see cref="OrderedWork"/>),
    /// the piped rows (<see cref="PipedInput"/>) and the parameters' rules for typed and piped values. Listing, paging and
    /// scoping are helpers the cmdlets compose (<see cref="ListingWriter"/>, <see cref="CorporateAccountScope"/>), giving
    /// them these parts; no helper takes the base itself or reads MyInvocation.
    /// </summary>
    public abstract class SoDataCmdlet : PSCmdlet, IDisposable
    {
        private readonly AsyncRunner _async;
        private readonly PipedInput _input;
        private OrderedWork? _pending;
        private CommandGate? _gate;

        protected SoDataCmdlet()
        {
            _async = new AsyncRunner(this);
            _input = new PipedInput(this);
        }

        /// <summary>The session to use, from Connect-SoData -PassThru or Get-SoDataSession; default: the current one.</summary>
        [Parameter]
        [NotEmpty]
        public SoDataSession? Session { get; set; }

        /// <summary>How many of this command's requests may run at once: pages of a listing, or the inputs of the pipeline (output stays in input order).</summary>
        [Parameter]
        [Range(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>The session in use; set in BeginProcessing.</summary>
        protected internal SoDataSession ActiveSession { get; private set; } = null!;

        protected override void StopProcessing() => _async.Cancel();

        /// <summary>
        /// Checks the values typed on the command line against the parameters' rules (a bad one ends the command), then
        /// takes the session: -Session, else the runspace's default one; none ends the command with a hint to Connect-SoData.
        /// </summary>
        protected override void BeginProcessing()
        {
            _input.Begin(MyInvocation.MyCommand.Name, MyInvocation.BoundParameters.Keys);
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: false);
            if (violation != null) ThrowTerminatingError(violation);
            SoDataSession? session = Session ?? SessionStore.Current;
            if (session == null) ThrowTerminatingError(ErrorRecords.NoSession());
            ActiveSession = session!;
            ActiveSession.Client.AllowConcurrentRequests(ThrottleLimit);
            // -ThrottleLimit holds this command's own requests, whatever other commands on the session (in any runspace) allow theirs.
            _gate = ActiveSession.Client.Throttle.Join(ThrottleLimit);
            _async.Gate = _gate;
            WriteVerbose($"Using the SoData session {ActiveSession}.");
        }

        /// <summary>
        /// Checks the values piped in for this input, then runs <see cref="ProcessInput"/>. A bad value fails this input
        /// only, as a non-terminating InvalidArgument error: one bad CSV row does not stop the rest.
        /// </summary>
        protected override void ProcessRecord()
        {
            if (!_input.Next(MyInvocation.BoundParameters.Keys, MyInvocation.ExpectingInput)) return;
            ErrorRecord? violation = ArgumentRules.FindViolation(this, MyInvocation.BoundParameters, pipelineOnly: true);
            if (violation != null)
            {
                WriteError(WithRow(violation));
                return;
            }
            ProcessInput();
        }

        /// <summary>The error, said of the piped row it is about ("Row 3 of the piped input: ..."), when there is one.</summary>
        protected internal ErrorRecord WithRow(ErrorRecord record) => _input.WithRow(record);

        /// <summary>The work for one input (or the one call, without pipeline input).</summary>
        protected virtual void ProcessInput()
        {
        }

        /// <summary>The command's async work: started on the thread pool, awaited on the pipeline thread (see <see cref="AsyncRunner"/>).</summary>
        internal AsyncRunner Async => _async;

        /// <summary>The piped rows, counted, for errors that name the row they are about (see <see cref="PipedInput"/>).</summary>
        internal PipedInput Input => _input;

        /// <summary>Runs <paramref name="work"/> to completion on the thread pool, writing its verbose lines as they come.</summary>
        protected internal T Await<T>(Func<CancellationToken, Task<T>> work) => _async.Await(work);

        /// <summary>
        /// The command's per-input queue: the work for one input starts while earlier inputs' work still runs (at most
        /// -ThrottleLimit at once), results are written in input order, a failure is that input's error. Shared by
        /// <see cref="ListingWriter"/>; made once -ThrottleLimit is bound; completed by EndProcessing.
        /// </summary>
        internal OrderedWork InputWork => _pending ??= new OrderedWork(this, _async, ThrottleLimit, WorkFailure.PerInput);

        /// <summary>Writes what is still in flight, in input order; a cmdlet that adds steps at the end calls this first.</summary>
        protected override void EndProcessing() => _pending?.CompleteAll();

        /// <summary>Cancels whatever is still in flight, e.g. when Select-Object -First ended the pipeline early.</summary>
        public void Dispose()
        {
            _async.Cancel();
            _gate?.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
