using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;

namespace SoData.Cmdlets.Completers
{
    /// <summary>
    /// Completes a name of the hierarchy (a device's name or serial number, a site's or customer's name) with those of
    /// the corporate account given (-CorporateAccountUuid, -CorporateAccount), else of every account the session sees.
    /// Listings are read once per session and account and kept five minutes; what is not there within the completion
    /// budget is read on in the background for the next Tab. Never offers file names: with nothing to offer, the word
    /// typed is all there is.
    /// </summary>
    public abstract class HierarchyNameCompleter : IArgumentCompleter
    {
        private static readonly ConcurrentDictionary<string, (Task<List<(string Text, string Tip)>> Read, DateTime At)> s_listings =
            new ConcurrentDictionary<string, (Task<List<(string, string)>>, DateTime)>();

        private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

        /// <summary>What is listed, for the cache key ("devices", "sites"...).</summary>
        protected abstract string Kind { get; }

        /// <summary>Every value of one account, with a tooltip, e.g. ("Delphys GP2 - 160 kVA", "Delphys GP2 - 160 kVA (1D15350041)").</summary>
        private protected abstract Task<List<(string Text, string Tip)>> ListAsync(SoDataClient client, string ca, CancellationToken token);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            List<CompletionResult> results;
            try
            {
                results = Candidates(fakeBoundParameters)
                    .Where(c => Matches(c.Text, wordToComplete))
                    .GroupBy(c => c.Text, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .OrderBy(c => c.Text, StringComparer.OrdinalIgnoreCase)
                    .Select(c => new CompletionResult(CorporateAccountCompleter.Quote(c.Text), c.Text, CompletionResultType.ParameterValue, c.Tip))
                    .ToList();
            }
            catch
            {
                results = new List<CompletionResult>(); // completion never throws at the user
            }
            return results.Count > 0 ? results : NothingToOffer(wordToComplete);
        }

        /// <summary>
        /// PowerShell completes file names when a completer offers nothing, which are never a device or site: the word as
        /// typed is offered instead (Tab leaves it as it is).
        /// </summary>
        internal static IEnumerable<CompletionResult> NothingToOffer(string wordToComplete)
        {
            string word = string.IsNullOrEmpty(wordToComplete) ? "''" : wordToComplete;
            return new[] { new CompletionResult(word, word, CompletionResultType.ParameterValue, "No match from the API (or none yet: try Tab again).") };
        }

        private static bool Matches(string text, string word)
        {
            string typed = word.Trim('\'', '"');
            return new WildcardPattern(typed.IndexOfAny(new[] { '*', '?' }) >= 0 ? typed + "*" : WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase).IsMatch(text);
        }

        private IEnumerable<(string Text, string Tip)> Candidates(IDictionary bound)
        {
            var spent = System.Diagnostics.Stopwatch.StartNew();
            SoDataSession? session = CompletionBinding.Session(bound);
            if (session == null) yield break;
            IReadOnlyList<string>? accounts = CompletionBinding.Accounts(session, bound);
            if (accounts == null) yield break;
            // Each account's listing starts now, all at once; what is left of the budget is for them all.
            var reads = accounts.Select(ca => Listing(session, ca)).ToList();
            TimeSpan left = CompletionBudget.Wait - spent.Elapsed;
            if (left > TimeSpan.Zero) Task.WaitAny(new Task[] { Task.WhenAll(reads) }, left);
            foreach (Task<List<(string Text, string Tip)>> read in reads.Where(r => r.Status == TaskStatus.RanToCompletion))
                foreach ((string Text, string Tip) value in read.Result)
                    yield return value;
        }

        private Task<List<(string, string)>> Listing(SoDataSession session, string ca)
        {
            string key = $"{Kind}|{session.Id}|{ca}".ToLowerInvariant();
            if (s_listings.TryGetValue(key, out var entry) && !entry.Read.IsFaulted && !entry.Read.IsCanceled && DateTime.UtcNow - entry.At < CacheLifetime)
                return entry.Read;
            var limit = new CancellationTokenSource(CompletionBudget.BackgroundLimit);
            Task<List<(string, string)>> read = Task.Run(() => ListAsync(session.Client, ca, limit.Token));
            read.ContinueWith(t => { _ = t.Exception; limit.Dispose(); }, TaskScheduler.Default);
            s_listings[key] = (read, DateTime.UtcNow);
            return read;
        }

        private protected static Task<List<T>> ReadAll<T>(Func<long, int, CancellationToken, Task<Page<T>>> page, CancellationToken token) =>
            new PagedReader<T>(page, 1000).ReadAllAsync(token);
    }

    /// <summary>Device names (Get-SoDataDevice -Name), the serial number as tooltip.</summary>
    public sealed class DeviceNameCompleter : HierarchyNameCompleter
    {
        protected override string Kind => "device-names";

        private protected override async Task<List<(string Text, string Tip)>> ListAsync(SoDataClient client, string ca, CancellationToken token) =>
            (await ReadAll((skip, take, t) => client.ListDevicesAsync(ca, null, skip, take, t), token).ConfigureAwait(false))
                .Where(d => !string.IsNullOrEmpty(d.Name)).Select(d => (d.Name!, $"{d.Name} ({d.SerialNumber ?? d.Uuid})")).ToList();
    }

    /// <summary>Serial numbers (Get-SoDataDevice -SerialNumber), the device's name as tooltip.</summary>
    public sealed class DeviceSerialNumberCompleter : HierarchyNameCompleter
    {
        protected override string Kind => "device-serials";

        private protected override async Task<List<(string Text, string Tip)>> ListAsync(SoDataClient client, string ca, CancellationToken token) =>
            (await ReadAll((skip, take, t) => client.ListDevicesAsync(ca, null, skip, take, t), token).ConfigureAwait(false))
                .Where(d => !string.IsNullOrEmpty(d.SerialNumber)).Select(d => (d.SerialNumber!, $"{d.SerialNumber}: {d.Name}")).ToList();
    }

    /// <summary>Site names (Get-SoDataSite -Name).</summary>
    public sealed class SiteNameCompleter : HierarchyNameCompleter
    {
        protected override string Kind => "site-names";

        private protected override async Task<List<(string Text, string Tip)>> ListAsync(SoDataClient client, string ca, CancellationToken token) =>
            (await client.ListAllSitesAsync(ca, null, 1000, token).ConfigureAwait(false))
                .Where(s => !string.IsNullOrEmpty(s.Name)).Select(s => (s.Name!, $"{s.Name} ({s.Uuid})")).ToList();
    }

    /// <summary>Customer names (Get-SoDataCustomer -Name).</summary>
    public sealed class CustomerNameCompleter : HierarchyNameCompleter
    {
        protected override string Kind => "customer-names";

        private protected override async Task<List<(string Text, string Tip)>> ListAsync(SoDataClient client, string ca, CancellationToken token) =>
            (await ReadAll((skip, take, t) => client.ListCustomersAsync(ca, skip, take, t), token).ConfigureAwait(false))
                .Where(c => !string.IsNullOrEmpty(c.Name)).Select(c => (c.Name!, $"{c.Name} ({c.Uuid})")).ToList();
    }

    /// <summary>What completers read from the parameters typed so far: the session and the corporate accounts.</summary>
    internal static class CompletionBinding
    {
        public static SoDataSession? Session(IDictionary bound) => Unwrap(bound["Session"]) as SoDataSession ?? SessionStore.Current;

        /// <summary>
        /// The account given by -CorporateAccountUuid or -CorporateAccount; else every account the session sees. Null when
        /// they are not known within the budget, or the name given matches none.
        /// </summary>
        public static IReadOnlyList<string>? Accounts(SoDataSession session, IDictionary bound)
        {
            string? uuid = Text(bound["CorporateAccountUuid"]);
            if (uuid != null && Guid.TryParse(uuid, out _)) return new[] { uuid };
            IReadOnlyList<CorporateAccount>? accounts = CompletionBudget.AccountsOf(session);
            if (accounts == null) return null;
            string? named = Text(bound["CorporateAccount"]);
            if (named == null) return accounts.Where(a => a.Uuid != null).Select(a => a.Uuid!).ToList();
            string? found = CorporateAccountScope.Choose(accounts, named)?.Uuid;
            return found == null ? null : new[] { found };
        }

        public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>A string value typed, or a one-element array of one.</summary>
        public static string? Text(object? value)
        {
            object? plain = Unwrap(value);
            if (plain is object[] array) plain = array.Length == 1 ? Unwrap(array[0]) : null;
            return plain is string s && s.Length > 0 ? s : null;
        }
    }
}
