using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Cmdlets.Completers
{
    /// <summary>
    /// How long a completer may keep the console waiting for the API: about a second. What is not there by then is
    /// still read in the background (at most <see cref="BackgroundLimit"/>), so the next Tab offers it.
    /// </summary>
    internal static class CompletionBudget
    {
        public static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan BackgroundLimit = TimeSpan.FromSeconds(30);

        /// <summary>The result of <paramref name="task"/> if it is ready within the budget; default otherwise (or when it failed).</summary>
        public static T? ResultWithin<T>(Task<T> task) where T : class
        {
            try
            {
                return task.Wait(Wait) ? task.Result : null;
            }
            catch
            {
                return null;
            }
        }

        /// <summary>The accounts the session can see, if known within the budget.</summary>
        public static IReadOnlyList<CorporateAccount>? AccountsOf(SoDataSession session)
        {
            IReadOnlyList<CorporateAccount>? cached = session.CorporateAccounts.Cached;
            if (cached != null) return cached;
            var limit = new CancellationTokenSource(BackgroundLimit);
            Task<IReadOnlyList<CorporateAccount>> read = Task.Run(() => session.CorporateAccounts.GetAllAsync(limit.Token));
            read.ContinueWith(t => { _ = t.Exception; limit.Dispose(); }, TaskScheduler.Default);
            return ResultWithin(read);
        }
    }

    /// <summary>Completes -CorporateAccount with the names the session can see (read once, then cached).</summary>
    public sealed class CorporateAccountCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            SoDataSession? session = (fakeBoundParameters["Session"] as PSObject)?.BaseObject as SoDataSession
                ?? fakeBoundParameters["Session"] as SoDataSession
                ?? SessionStore.Current;
            if (session == null) return Enumerable.Empty<CompletionResult>();

            // Completion must never throw at the user, nor keep the console waiting: no names is the honest answer when
            // the API is unreachable or slow (the request goes on, so the next Tab has the names).
            IReadOnlyList<CorporateAccount>? accounts = CompletionBudget.AccountsOf(session);
            if (accounts == null) return Enumerable.Empty<CompletionResult>();

            var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return accounts
                .Where(a => a.Name != null && pattern.IsMatch(a.Name))
                .Select(a => new CompletionResult(Quote(a.Name!), a.Name!, CompletionResultType.ParameterValue, $"{a.Name} ({a.Uuid})"));
        }

        internal static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\'', '"', '(', ')', '$', ';', ',' }) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
    }
}
