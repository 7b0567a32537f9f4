using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;

namespace SoData.Cmdlets.Completers
{
    /// <summary>Completes -CorporateAccount with the names the session can see (read once, then cached).</summary>
    public sealed class CorporateAccountCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            SoDataSession? session = (fakeBoundParameters["Session"] as PSObject)?.BaseObject as SoDataSession
                ?? fakeBoundParameters["Session"] as SoDataSession
                ?? SessionStore.Current;
            if (session == null) return Enumerable.Empty<CompletionResult>();

            IReadOnlyList<CorporateAccount> accounts;
            try
            {
                using var timeout = new CancellationTokenSource(5000);
                accounts = session.CorporateAccounts.Cached
                    ?? session.CorporateAccounts.GetAllAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch
            {
                // Completion must never throw at the user; no names is the honest answer when the API is unreachable.
                return Enumerable.Empty<CompletionResult>();
            }

            var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return accounts
                .Where(a => a.Name != null && pattern.IsMatch(a.Name))
                .Select(a => new CompletionResult(Quote(a.Name!), a.Name!, CompletionResultType.ParameterValue, $"{a.Name} ({a.Uuid})"));
        }

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\'', '"', '(', ')', '$', ';', ',' }) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
    }
}
