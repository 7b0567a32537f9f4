using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

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

        protected override int Concurrency => ThrottleLimit;

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
                WriteError(InvalidArgument("CorporateAccountNotFound",
                    $"-CorporateAccount '{nameOrUuid}' matches no corporate account visible to this session. Visible: {visible}.", nameOrUuid));
                return null;
            }
            if (accounts.Count == 1 && accounts[0].Uuid != null) return accounts[0].Uuid;
            WriteError(InvalidArgument("CorporateAccountRequired",
                $"{MyInvocation.MyCommand.Name} needs a corporate account{(target == null ? string.Empty : $" for '{target}'")}: {howToGiveOne}, or give -CorporateAccount (name or uuid) or -CorporateAccountUuid. Visible: {visible}.", target));
            return null;
        }

        /// <summary>A filter that keeps text matching any of the wildcard patterns; null when no patterns were given.</summary>
        protected static Func<string?, bool>? Matcher(string[]? patterns)
        {
            if (patterns == null || patterns.Length == 0) return null;
            var compiled = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
            return text => compiled.Any(p => p.IsMatch(text ?? string.Empty));
        }

        /// <summary>Combines filters; null when there are none, so a listing can page on the server.</summary>
        protected static Func<T, bool>? AllOf<T>(params Func<T, bool>?[] filters)
        {
            var active = filters.Where(f => f != null).Select(f => f!).ToArray();
            if (active.Length == 0) return null;
            return item => active.All(f => f(item));
        }
    }
}
