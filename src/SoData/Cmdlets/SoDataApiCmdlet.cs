using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>A cmdlet that calls the API with -Session, or the runspace's default session from Connect-SoData.</summary>
    public abstract class SoDataApiCmdlet : AsyncCmdlet
    {
        /// <summary>The session to use, from Connect-SoData -PassThru or Get-SoDataSession; default: the current one.</summary>
        [Parameter]
        [NotEmpty]
        public SoDataSession? Session { get; set; }

        /// <summary>How many requests may run at once: pages of a listing, or the inputs of the pipeline.</summary>
        [Parameter]
        [Range(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected internal override int Concurrency => ThrottleLimit;

        /// <summary>The session in use; set in BeginProcessing.</summary>
        protected SoDataSession ActiveSession { get; private set; } = null!;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
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
        /// The uuid of the corporate account to work in: <paramref name="uuid"/> when known (a piped object, or
        /// -CorporateAccountUuid), else <paramref name="nameOrUuid"/> (-CorporateAccount), else the session's only
        /// account. Writes an error naming the parameter and the visible accounts, and returns null, when there is none.
        /// </summary>
        protected string? ResolveCorporateAccount(string? uuid, string? nameOrUuid, string howToGiveOne, object? target)
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
        protected string DescribeAccount(string uuid) => "corporate account " + AccountName(uuid);

        /// <summary>"'SoLink'", or the uuid when the session does not know the name.</summary>
        protected string AccountName(string uuid)
        {
            IReadOnlyList<CorporateAccount> accounts = ActiveSession.CorporateAccounts.Cached ?? Await(token => ActiveSession.CorporateAccounts.GetAllAsync(token));
            string? name = accounts.FirstOrDefault(a => string.Equals(a.Uuid, uuid, StringComparison.OrdinalIgnoreCase))?.Name;
            return name == null ? uuid : $"'{name}'";
        }

        /// <summary>"device 'Delphys GP2' (uuid)" when the name is known, else "device uuid".</summary>
        protected static string DescribeDevice(string uuid, string? name) => "device " + NameOfDevice(uuid, name);

        /// <summary>"'Delphys GP2' (uuid)" when the name is known, else the uuid.</summary>
        protected static string NameOfDevice(string uuid, string? name) =>
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
    }
}
