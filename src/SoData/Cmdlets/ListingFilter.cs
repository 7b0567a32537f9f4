using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The filters of one listing that name something (-Name, -SerialNumber, -StreamRef, -ServiceId...): which objects
    /// to keep (every filter given must match), and which values without wildcards matched no kept object, so the
    /// cmdlet can report them as not found, as Get-Service -Name does. A wildcard that matches nothing is no error.
    /// One instance per listing: it remembers what that listing matched.
    /// </summary>
    internal sealed class ListingFilter<T>
    {
        private readonly List<Filter> _filters = new List<Filter>();
        private readonly List<Func<T, bool>> _conditions = new List<Func<T, bool>>();

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

        /// <summary>A condition that names nothing the user could mistype (e.g. the piped item of a variable): never reported.</summary>
        public ListingFilter<T> Require(Func<T, bool>? condition)
        {
            if (condition != null) _conditions.Add(condition);
            return this;
        }

        /// <summary>The predicate of the listing; null when no filter was given, so the server can page for us.</summary>
        public Func<T, bool>? Keep => _filters.Count == 0 && _conditions.Count == 0 ? null : (Func<T, bool>)KeepAndRemember;

        /// <summary>The values without wildcards that no kept object matched, in the order given.</summary>
        public IEnumerable<(string Parameter, string Value)> Unmatched() =>
            _filters.SelectMany(f => f.Values.Where((_, i) => f.IsLiteral[i] && !f.Matched[i]).Select(v => (f.Parameter, v)));

        private bool KeepAndRemember(T item)
        {
            if (!_conditions.All(c => c(item)) || !_filters.All(f => f.MatchesAny(item))) return false;
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
                _patterns = values.Select((v, i) => new WildcardPattern(IsLiteral[i] ? WildcardPattern.Escape(v) : v, WildcardOptions.IgnoreCase)).ToArray();
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
    }
}
