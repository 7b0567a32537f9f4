using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The filters that name something (-Name, -SerialNumber, -StreamRef, -ServiceId...): which objects to keep (every
    /// filter given must match), and which values without wildcards matched no kept object, so the cmdlet can report
    /// them as not found, as Get-Service -Name does. A wildcard that matches nothing is no error. One instance per
    /// command: the values come from the command line, the same for every piped parent, so a value is reported only when
    /// it matched nothing under any of them (a serial number found in one of the accounts piped in is found; a mapping
    /// config some devices lack is no error while a typo that no device has is one). It also remembers where it looked.
    /// </summary>
    internal sealed class ListingFilter<T>
    {
        private readonly List<Filter> _filters = new List<Filter>();
        private readonly List<(string Key, Func<string> Describe)> _places = new List<(string, Func<string>)>();

        /// <summary>False until a listing was read in full: with nothing read (every input failed), nothing can be called not found.</summary>
        public bool LookedAnywhere => _places.Count > 0;

        /// <summary>Remembers a parent whose listing was read in full; described only if something is reported.</summary>
        public void LookedIn(string key, Func<string> describe)
        {
            if (!_places.Any(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))) _places.Add((key, describe));
        }

        /// <summary>
        /// "on 'Delphys GP2' (uuid)" for one place, "on any of the 3 devices read: 'A' (uuid), 'B' (uuid), 'C' (uuid)" for
        /// several (the first five named).
        /// </summary>
        /// <param name="noun">"device", or empty when each description names its kind itself.</param>
        public string DescribePlaces(string preposition, string noun, string nounPlural)
        {
            const int Named = 5;
            List<string> names = _places.Take(Named).Select(p => p.Describe()).ToList();
            string kind = noun.Length == 0 ? string.Empty : noun + " ";
            if (_places.Count == 1) return $"{preposition} {kind}{names[0]}";
            string more = _places.Count > Named ? $" and {_places.Count - Named} more" : string.Empty;
            return $"{preposition} any of the {_places.Count} {nounPlural} read: {string.Join(", ", names)}{more}";
        }

        /// <summary>Text values, wildcards allowed; an object matches when any pattern matches any of its fields.</summary>
        public ListingFilter<T> Add(string parameter, IEnumerable<string>? values, Func<T, IEnumerable<string?>> fields)
        {
            if (values != null) _filters.Add(new Filter(parameter, values.ToArray(), wildcards: true, fields));
            return this;
        }

        /// <summary>Exact values (uuids, numbers): compared as text, case-insensitively, no wildcards.</summary>
        public ListingFilter<T> AddExact(string parameter, IEnumerable<string>? values, Func<T, string?> field)
        {
            if (values != null) _filters.Add(new Filter(parameter, values.ToArray(), wildcards: false, item => new[] { field(item) }));
            return this;
        }

        public ListingFilter<T> AddExact(string parameter, IEnumerable<int>? values, Func<T, int?> field) =>
            AddExact(parameter, values?.Select(v => v.ToString(CultureInfo.InvariantCulture)), item => field(item)?.ToString(CultureInfo.InvariantCulture));

        /// <summary>The predicate of the listing; null when no filter was given, so the server can page for us.</summary>
        public Func<T, bool>? Keep => _filters.Count == 0 ? null : (Func<T, bool>)KeepAndRemember;

        /// <summary>The values without wildcards that no kept object matched, in the order given.</summary>
        public IEnumerable<(string Parameter, string Value)> Unmatched() =>
            _filters.SelectMany(f => f.Values.Where((_, i) => f.IsLiteral[i] && !f.Matched[i]).Select(v => (f.Parameter, v)));

        private bool KeepAndRemember(T item)
        {
            if (!_filters.All(f => f.MatchesAny(item))) return false;
            foreach (Filter filter in _filters) filter.Remember(item);
            return true;
        }

        private sealed class Filter
        {
            private readonly WildcardPattern[] _patterns;
            private readonly Func<T, IEnumerable<string?>> _fields;

            public Filter(string parameter, string[] values, bool wildcards, Func<T, IEnumerable<string?>> fields)
            {
                Parameter = parameter;
                Values = values;
                _fields = fields;
                IsLiteral = values.Select(v => !wildcards || !WildcardPattern.ContainsWildcardCharacters(v)).ToArray();
                // A value of a wildcard parameter is a pattern even without wildcards, so that 'Meter `[1`]' (escaped, as
                // PowerShell's own -Name) matches "Meter [1]"; an exact value is escaped whole.
                _patterns = values.Select(v => new WildcardPattern(wildcards ? v : WildcardPattern.Escape(v), WildcardOptions.IgnoreCase)).ToArray();
                Matched = new bool[values.Length];
            }

            public string Parameter { get; }
            public string[] Values { get; }
            public bool[] IsLiteral { get; }
            public bool[] Matched { get; }

            public bool MatchesAny(T item) => _fields(item).Any(field => _patterns.Any(p => p.IsMatch(field ?? string.Empty)));

            public void Remember(T item)
            {
                foreach (string? field in _fields(item))
                {
                    for (int i = 0; i < _patterns.Length; i++)
                    {
                        if (!Matched[i] && _patterns[i].IsMatch(field ?? string.Empty)) Matched[i] = true;
                    }
                }
            }
        }

        /// <summary>
        /// At the end of the command, one non-terminating ObjectNotFound per value without wildcards that matched nothing
        /// in any listing read, naming the value, the parameter and where it was looked for:
        /// "No variable with -StreamRef 'Global|0|999999' on device 'X' (uuid)."
        /// </summary>
        /// <param name="where">Where it was looked for ("in corporate account 'SoLink'"); asked only when something is reported.</param>
        /// <param name="complete">False when -First or -Skip left objects unread (<see cref="ListingWriter.WasComplete"/>): a value seeming unmatched may exist, so nothing is reported.</param>
        internal void WriteUnmatched(Cmdlet cmdlet, string errorId, string what, Func<string> where, bool complete = true)
        {
            if (!LookedAnywhere || !complete) return;
            List<(string Parameter, string Value)> unmatched = Unmatched().ToList();
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
                cmdlet.WriteError(ErrorRecords.NotFound(errorId, $"No {what} with -{parameter} '{value}' {place}.", value));
        }
    }
}
