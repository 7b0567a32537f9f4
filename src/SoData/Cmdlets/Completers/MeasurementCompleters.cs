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
    /// <summary>Completes -TimeZone with IANA ids (the API's): common ones first, then every one known; then Windows ids (sent as their IANA id).</summary>
    public sealed class TimeZoneCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = new WildcardPattern("*" + WildcardPattern.Escape(wordToComplete.Trim('\'', '"')) + "*", WildcardOptions.IgnoreCase);
            return DatapointsTimeZones.CompletionIds()
                .Where(id => pattern.IsMatch(id))
                .Select(id => new CompletionResult(CorporateAccountCompleter.Quote(id), id, CompletionResultType.ParameterValue, DatapointsTimeZones.Describe(id)));
        }
    }

    /// <summary>
    /// Completes -Series / -StreamRef with the mapping configs of the device given by -DeviceUuid, or piped in from a
    /// variable ($ups | ...), titles as tooltips. A few well-known ones when no device is in sight; nothing when the
    /// device is known but its account is ambiguous or the API does not answer within the completion budget.
    /// </summary>
    public sealed class StreamRefCompleter : IArgumentCompleter
    {
        private static readonly (string Ref, string Title)[] WellKnown =
        {
            ("Global|0|140100", "Ups output global load rate"),
            ("Global|0|140108", "Ups output current L3"),
        };

        // Mapping configs per session, account and device: a lookup that outlives the budget still serves the next Tab.
        private static readonly ConcurrentDictionary<string, (Task<List<(string, string)>> Read, DateTime At)> s_variables =
            new ConcurrentDictionary<string, (Task<List<(string, string)>>, DateTime)>();

        private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = wordToComplete.Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
            IEnumerable<(string Ref, string Title)> candidates = FromDevice(fakeBoundParameters, commandAst) ?? WellKnown;
            return candidates
                .Where(c => pattern.IsMatch(c.Ref))
                .Select(c => new CompletionResult("'" + c.Ref + "'", c.Ref, CompletionResultType.ParameterValue, string.IsNullOrEmpty(c.Title) ? c.Ref : c.Title));
        }

        /// <summary>
        /// Null when no device is in sight; empty when one is, but its mapping configs cannot be had in time. Devices are
        /// those of -Device ($devices: one or several), -DeviceUuid, or a variable piped in ($ups | ...); with several,
        /// the mapping configs of them all.
        /// </summary>
        private static IEnumerable<(string, string)>? FromDevice(IDictionary bound, CommandAst commandAst)
        {
            try
            {
                string? ca = Text(bound["CorporateAccountUuid"]);
                var devices = new List<(string Uuid, string? Ca)>();
                foreach (object? given in Elements(bound["Device"]))
                    if (given is Device d && d.Uuid != null) devices.Add((d.Uuid, ca ?? d.CorporateAccountUuid));
                if (Text(bound["DeviceUuid"]) is { } uuid) devices.Add((uuid, ca));
                if (devices.Count == 0 && IsPipedInto(commandAst, out object? piped))
                {
                    // The device is piped in: known only when it comes from a variable holding one device.
                    if (piped is Device d && d.Uuid != null) devices.Add((d.Uuid, ca ?? d.CorporateAccountUuid));
                    else if (piped is IDeviceObject o && o.DeviceUuid != null) devices.Add((o.DeviceUuid, ca ?? o.CorporateAccountUuid));
                    else return Enumerable.Empty<(string, string)>();
                }
                devices = devices.Where(d => Guid.TryParse(d.Uuid, out _)).Take(MaxDevices).ToList();
                if (devices.Count == 0) return null;
                SoDataSession? session = Unwrap(bound["Session"]) as SoDataSession ?? SessionStore.Current;
                if (session == null) return Enumerable.Empty<(string, string)>();
                string? fallbackCa = null;
                if (devices.Any(d => d.Ca == null))
                {
                    IReadOnlyList<CorporateAccount>? accounts = CompletionBudget.AccountsOf(session);
                    if (accounts == null) return Enumerable.Empty<(string, string)>();
                    string? named = Text(bound["CorporateAccount"]);
                    fallbackCa = CorporateAccountScope.Choose(accounts, named)?.Uuid;
                }
                // Every device's list is asked for at once; the budget is for them all, and a late one serves the next Tab.
                var reads = devices.Select(d => d.Ca ?? fallbackCa).Zip(devices, (account, d) => account == null ? null : VariablesOf(session, account, d.Uuid))
                    .Where(t => t != null).Select(t => t!).ToList();
                if (reads.Count == 0) return Enumerable.Empty<(string, string)>();
                Task.WaitAny(new Task[] { Task.WhenAll(reads) }, CompletionBudget.Wait);
                return reads.Where(r => r.Status == TaskStatus.RanToCompletion).SelectMany(r => r.Result)
                    .GroupBy(v => v.Item1, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            }
            catch
            {
                // Completion never throws at the user.
                return Enumerable.Empty<(string, string)>();
            }
        }

        /// <summary>More devices than this on the command line: the first ones' mapping configs are offered.</summary>
        private const int MaxDevices = 20;

        private static IEnumerable<object?> Elements(object? value)
        {
            object? plain = Unwrap(value);
            if (plain == null) yield break;
            if (plain is IEnumerable many && !(plain is string))
            {
                foreach (object? element in many) yield return Unwrap(element);
            }
            else yield return plain;
        }

        private static Task<List<(string, string)>> VariablesOf(SoDataSession session, string ca, string device)
        {
            string key = $"{session.Id}|{ca}|{device}".ToLowerInvariant();
            if (s_variables.TryGetValue(key, out var entry) && !entry.Read.IsFaulted && !entry.Read.IsCanceled && DateTime.UtcNow - entry.At < CacheLifetime)
                return entry.Read;
            var limit = new CancellationTokenSource(CompletionBudget.BackgroundLimit);
            Task<List<(string, string)>> read = Task.Run(async () =>
            {
                // Every page: the server may send fewer than asked for.
                IReadOnlyList<Variable> variables = await session.Client.ListAllVariablesAsync(ca, device, 1000, limit.Token).ConfigureAwait(false);
                return variables.Where(v => v.StreamRef != null).Select(v => (v.StreamRef!, v.Title ?? string.Empty)).ToList();
            });
            read.ContinueWith(t => { _ = t.Exception; limit.Dispose(); }, TaskScheduler.Default);
            s_variables[key] = (read, DateTime.UtcNow);
            return read;
        }

        /// <summary>
        /// True when the command takes pipeline input; <paramref name="piped"/> is then the value of a variable piped
        /// in ($ups | ...) when it holds one object, else null (a command's output is not run to complete a name).
        /// </summary>
        private static bool IsPipedInto(CommandAst commandAst, out object? piped)
        {
            piped = null;
            if (!(commandAst.Parent is PipelineAst pipeline)) return false;
            int index = pipeline.PipelineElements.IndexOf(commandAst);
            if (index <= 0) return false;
            if (pipeline.PipelineElements[index - 1] is CommandExpressionAst { Expression: VariableExpressionAst variable })
            {
                try
                {
                    // Completion runs on the console's pipeline thread: a nested command of the current runspace reads the variable.
                    using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
                    var values = shell.AddCommand("Get-Variable").AddParameter("Name", variable.VariablePath.UserPath)
                        .AddParameter("ValueOnly").AddParameter("ErrorAction", "Ignore").Invoke();
                    object? value = values.Count == 1 ? Unwrap(values[0]) : null;
                    if (value is object[] array) value = array.Length == 1 ? Unwrap(array[0]) : null;
                    piped = value;
                }
                catch
                {
                    piped = null;
                }
            }
            return true;
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
