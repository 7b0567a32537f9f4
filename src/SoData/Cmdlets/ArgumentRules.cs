using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace SoData.Cmdlets
{
    /// <summary>
    /// A rule for a parameter's value, checked by the module itself rather than by PowerShell's binder, so that a bad
    /// value is an InvalidArgument error naming the parameter (the binder files its own failures as InvalidData), and
    /// so that a bad value piped in from one CSV row fails that row only.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public abstract class ArgumentRuleAttribute : Attribute
    {
        /// <summary>Null when <paramref name="value"/> (one element, for arrays) is fine; else what is wrong and what would do.</summary>
        public abstract string? Check(object? value);

        /// <summary>The ErrorId of a failure of this rule.</summary>
        public abstract string ErrorId { get; }
    }

    /// <summary>The value must be a uuid, such as 3756c84b-8697-446f-9ca3-931b3681f908.</summary>
    public sealed class UuidAttribute : ArgumentRuleAttribute
    {
        public override string ErrorId => "InvalidUuid";

        public override string? Check(object? value) =>
            value is Guid || (value is string text && Guid.TryParse(text, out _))
                ? null
                : $"'{value}' is not a uuid. A SoData uuid looks like 3756c84b-8697-446f-9ca3-931b3681f908.";
    }

    /// <summary>The value must be a whole number from Min to Max.</summary>
    public sealed class RangeAttribute : ArgumentRuleAttribute
    {
        public RangeAttribute(int min, int max)
        {
            Min = min;
            Max = max;
        }

        public int Min { get; }
        public int Max { get; }
        public override string ErrorId => "ArgumentOutOfRange";

        public override string? Check(object? value) =>
            value is int number && number >= Min && number <= Max ? null : $"{value} is out of range: give a whole number from {Min} to {Max}.";
    }

    /// <summary>The value must not be null, empty or blank (for arrays: no such element).</summary>
    public sealed class NotEmptyAttribute : ArgumentRuleAttribute
    {
        public override string ErrorId => "EmptyArgument";

        public override string? Check(object? value) =>
            value == null || (value is string text && string.IsNullOrWhiteSpace(text)) ? "an empty value is not allowed here." : null;
    }

    /// <summary>The value must be a mapping config Item|Index|ServiceId, such as Global|0|140100.</summary>
    public sealed class SeriesRefAttribute : ArgumentRuleAttribute
    {
        public override string ErrorId => "InvalidSeries";

        public override string? Check(object? value) =>
            SeriesRef.TryParse(value?.ToString(), out _, out string? error) ? null : error;
    }

    /// <summary>
    /// A mapping config to match: with wildcards ('Global|*', 'Unit|1|*') any pattern will do; without, it must be
    /// Item|Index|ServiceId, so that a malformed one is the same InvalidArgument as on -Series, not an empty result.
    /// </summary>
    public sealed class StreamRefPatternAttribute : ArgumentRuleAttribute
    {
        public override string ErrorId => "InvalidSeries";

        public override string? Check(object? value)
        {
            string? text = value?.ToString();
            if (text == null || WildcardPattern.ContainsWildcardCharacters(text)) return null;
            return SeriesRef.TryParse(text, out _, out string? error) ? null : error;
        }
    }

    /// <summary>Applies the <see cref="ArgumentRuleAttribute"/>s of a cmdlet's parameters to the values bound to them.</summary>
    internal static class ArgumentRules
    {
        private static readonly Dictionary<Type, (string Name, bool FromPipeline, ArgumentRuleAttribute[] Rules)[]> RulesByType =
            new Dictionary<Type, (string, bool, ArgumentRuleAttribute[])[]>();

        /// <summary>The first broken rule among the bound values, as an error record naming the parameter; null if none.</summary>
        /// <param name="pipelineOnly">Only parameters that take pipeline input (checked again for each input).</param>
        public static ErrorRecord? FindViolation(Cmdlet cmdlet, IDictionary bound, bool pipelineOnly)
        {
            foreach (var (name, fromPipeline, rules) in RulesOf(cmdlet.GetType()))
            {
                if ((pipelineOnly && !fromPipeline) || !bound.Contains(name)) continue;
                List<object?> elements = Elements(bound[name]).ToList();
                ArgumentRuleAttribute? notEmpty = rules.FirstOrDefault(r => r is NotEmptyAttribute);
                if (elements.Count == 0 && notEmpty != null)
                    return new ErrorRecord(new ArgumentException($"-{name}: give at least one value.", name), notEmpty.ErrorId, ErrorCategory.InvalidArgument, null);
                foreach (object? element in elements)
                {
                    foreach (ArgumentRuleAttribute rule in rules)
                    {
                        string? problem = rule.Check(element);
                        if (problem == null) continue;
                        return new ErrorRecord(new ArgumentException($"-{name}: {problem}", name), rule.ErrorId, ErrorCategory.InvalidArgument, element);
                    }
                }
            }
            return null;
        }

        private static IEnumerable<object?> Elements(object? value)
        {
            value = Unwrap(value);
            if (value is IEnumerable sequence && !(value is string) && !(value is IDictionary))
                return sequence.Cast<object?>().Select(Unwrap);
            return new[] { value };
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static (string, bool, ArgumentRuleAttribute[])[] RulesOf(Type type)
        {
            lock (RulesByType)
            {
                if (RulesByType.TryGetValue(type, out var cached)) return cached;
                var rules = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(p => (Property: p, Parameters: p.GetCustomAttributes<ParameterAttribute>(true).ToArray(), Rules: p.GetCustomAttributes<ArgumentRuleAttribute>(true).ToArray()))
                    .Where(p => p.Parameters.Length > 0 && p.Rules.Length > 0)
                    .Select(p => (p.Property.Name, p.Parameters.Any(a => a.ValueFromPipeline || a.ValueFromPipelineByPropertyName), p.Rules))
                    .ToArray();
                RulesByType[type] = rules;
                return rules;
            }
        }
    }
}
