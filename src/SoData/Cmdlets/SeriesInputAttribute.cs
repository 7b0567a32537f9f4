using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace SoData.Cmdlets
{
    /// <summary>
    /// On the InputObject (variables) of Get-/Export-SoDataDatapoint: an input that cannot be a series at all (a device
    /// without -Series, a string, a number: no StreamRef or Series property) is bound as a stand-in variable, which the
    /// cmdlet refuses with an error that names the row and says what to give, instead of PowerShell's "The input object
    /// cannot be bound", which says neither. Variables, and rows that may convert to one, pass unchanged, so every input
    /// that bound before still binds the same way; with -Series or -Device, InputObject's parameter set is out and this
    /// is never asked.
    /// </summary>
    public sealed class SeriesInputAttribute : ArgumentTransformationAttribute
    {
        // Stand-ins and what was piped in their place; weak, so nothing outlives the command.
        private static readonly ConditionalWeakTable<Variable, object> s_standIns = new ConditionalWeakTable<Variable, object>();

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? plain = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // -InputObject $many on the command line: each element on its own.
            if (plain is IList many && !(plain is string)) return many.Cast<object?>().Select(StandInFor).ToArray();
            return StandInFor(inputData);
        }

        /// <summary>True when <paramref name="variable"/> stands in for an input that is not a series; <paramref name="input"/> is that input.</summary>
        internal static bool IsStandIn(Variable variable, out object? input)
        {
            bool found = s_standIns.TryGetValue(variable, out object? original);
            input = original;
            return found;
        }

        private static object? StandInFor(object? input)
        {
            object? plain = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (plain == null || plain is Variable || MayBeSeries(input)) return input;
            var standIn = new Variable();
            s_standIns.Add(standIn, input!);
            return standIn;
        }

        private static bool MayBeSeries(object? input)
        {
            if (input is PSObject wrapped && !(wrapped.BaseObject is string) && (wrapped.Properties["StreamRef"] != null || wrapped.Properties["Series"] != null)) return true;
            return input is IDictionary table && (table.Contains("StreamRef") || table.Contains("Series"));
        }
    }
}
