using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using SoData.Client;

namespace SoData.Cmdlets.Completers
{
    /// <summary>Completes -TimeZone with IANA ids (the API's): common ones first, then every one this system knows.</summary>
    public sealed class TimeZoneCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = new WildcardPattern("*" + wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return DatapointsTimeZones.CompletionIds()
                .Where(id => pattern.IsMatch(id))
                .Select(id => new CompletionResult(id, id, CompletionResultType.ParameterValue, id));
        }
    }

    /// <summary>
    /// Completes -Series / -StreamRef with the mapping configs of the device given by -DeviceUuid (when it is typed
    /// literally and the corporate account is known), titles as tooltips; a few well-known ones otherwise.
    /// </summary>
    public sealed class StreamRefCompleter : IArgumentCompleter
    {
        private static readonly (string Ref, string Title)[] WellKnown =
        {
            ("Global|0|140100", "Ups output global load rate"),
            ("Global|0|140108", "Ups output current L3"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = wordToComplete.Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
            IEnumerable<(string Ref, string Title)> candidates = FromDevice(fakeBoundParameters) ?? WellKnown;
            return candidates
                .Where(c => pattern.IsMatch(c.Ref))
                .Select(c => new CompletionResult("'" + c.Ref + "'", c.Ref, CompletionResultType.ParameterValue, string.IsNullOrEmpty(c.Title) ? c.Ref : c.Title));
        }

        private static IEnumerable<(string, string)>? FromDevice(IDictionary bound)
        {
            try
            {
                string? device = Text(bound["DeviceUuid"]);
                if (device == null || !Guid.TryParse(device, out _)) return null;
                SoDataSession? session = Unwrap(bound["Session"]) as SoDataSession ?? SessionStore.Current;
                if (session == null) return null;
                using var timeout = new CancellationTokenSource(5000);
                string? ca = Text(bound["CorporateAccountUuid"]);
                if (ca == null)
                {
                    IReadOnlyList<CorporateAccount> accounts = session.CorporateAccounts.Cached
                        ?? session.CorporateAccounts.GetAllAsync(timeout.Token).GetAwaiter().GetResult();
                    string? named = Text(bound["CorporateAccount"]);
                    ca = named != null ? CorporateAccountDirectory.Find(accounts, named)?.Uuid : accounts.Count == 1 ? accounts[0].Uuid : null;
                }
                if (ca == null) return null;
                Page<Variable> page = session.Client.GetPageAsync<Variable>(Routes.Variables(ca, device), null, 0, 1000, timeout.Token).GetAwaiter().GetResult();
                return page.Results.Where(v => v.StreamRef != null).Select(v => (v.StreamRef!, v.Title ?? string.Empty)).ToList();
            }
            catch
            {
                // Completion never throws at the user.
                return null;
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string? Text(object? value)
        {
            object? plain = Unwrap(value);
            if (plain is object[] array) plain = array.Length == 1 ? Unwrap(array[0]) : null;
            return plain is string s && s.Length > 0 ? s : null;
        }
    }
}
