using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace SoData.Cmdlets
{
    /// <summary>
    /// A cmdlet that takes rows from the pipeline (Import-Csv, or objects of the module). Its PipelineObject parameter
    /// binds whatever comes, so that a row with none of the right columns still reaches the cmdlet, which can then say
    /// which row it was and which columns work, instead of PowerShell's "cannot be bound" that names neither.
    /// Only for cmdlets with one parameter set: a parameter in every set that binds anything would change how
    /// PowerShell chooses between sets (Get-SoDataDevice, Get-SoDataDatapoint and Export-SoDataDatapoint have several:
    /// see <see cref="ICountsPipedRows"/>).
    /// </summary>
    public interface IPipedRows
    {
        PSObject? PipelineObject { get; }
    }

    /// <summary>
    /// A cmdlet with several parameter sets (Get-SoDataDevice, Get-SoDataDatapoint, Export-SoDataDatapoint), which
    /// cannot have a PipelineObject parameter (see <see cref="IPipedRows"/>): it counts what is piped in, so that an
    /// error about a bad value names the row ("Row 3 of the piped input: -DeviceUuid: ..."). The count is taken by a
    /// hidden parameter that never binds (see <see cref="PipedObjectCounter"/>), so it changes no choice of parameter set,
    /// and a row that fits no set, which PowerShell refuses with its own error before the cmdlet sees it, still counts:
    /// the rows after it keep their true position.
    /// </summary>
    public interface ICountsPipedRows
    {
        PipedObjectCounter PipedObjects { get; }
    }

    /// <summary>The type of the hidden PipedObjectCount parameter: nothing converts to it, so the parameter never binds.</summary>
    public sealed class NeverBound
    {
        private NeverBound()
        {
        }
    }

    /// <summary>
    /// Counts the objects piped into one run of a cmdlet. PowerShell tries every piped object on the cmdlet's
    /// pipeline parameters, running their transformations, before it binds one or refuses the object; the hidden
    /// parameter's transformation is this run's own (a dynamic parameter, made per run), and it notes each object.
    /// </summary>
    public sealed class PipedObjectCounter
    {
        private object? _last;
        private bool _seenSinceProcessed;
        private int _count;

        /// <summary>The hidden PipedObjectCount parameter, in the parameter sets that take pipeline input.</summary>
        public RuntimeDefinedParameterDictionary DynamicParameter(params string[] parameterSets)
        {
            var attributes = new Collection<Attribute>();
            foreach (string set in parameterSets)
                attributes.Add(new ParameterAttribute { ParameterSetName = set, ValueFromPipeline = true, DontShow = true });
            attributes.Add(new CountPipedObjectsAttribute(this));
            const string name = "PipedObjectCount";
            return new RuntimeDefinedParameterDictionary { { name, new RuntimeDefinedParameter(name, typeof(NeverBound), attributes) } };
        }

        /// <summary>The position of the object now being processed.</summary>
        public int Next()
        {
            if (!_seenSinceProcessed) return ++_count; // not seen by the binder: counted here
            _seenSinceProcessed = false;
            return _count;
        }

        internal void Saw(object? input)
        {
            // One object is tried on several parameters, and again with type conversion: count it once. (So the same
            // object piped twice in a row, the first time refused by PowerShell, counts once: a rare, harmless slip.)
            if (_seenSinceProcessed && ReferenceEquals(input, _last)) return;
            _last = input;
            _seenSinceProcessed = true;
            _count++;
        }

        private sealed class CountPipedObjectsAttribute : ArgumentTransformationAttribute
        {
            private readonly PipedObjectCounter _counter;

            public CountPipedObjectsAttribute(PipedObjectCounter counter) => _counter = counter;

            public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
            {
                _counter.Saw(inputData);
                return inputData;
            }
        }
    }

    /// <summary>The pipeline parameters of a cmdlet type, and the words for errors about piped rows.</summary>
    internal static class PipedRows
    {
        private static readonly Dictionary<Type, (string Name, string[] Aliases)[]> ColumnsByType = new Dictionary<Type, (string, string[])[]>();

        /// <summary>The parameters a row's properties bind to (not hidden ones, not PipelineObject), with their aliases.</summary>
        public static (string Name, string[] Aliases)[] Columns(Type cmdlet)
        {
            lock (ColumnsByType)
            {
                if (ColumnsByType.TryGetValue(cmdlet, out var cached)) return cached;
                var columns = cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.Name != nameof(IPipedRows.PipelineObject))
                    .Select(p => (Property: p, Parameters: p.GetCustomAttributes<ParameterAttribute>(true).ToArray()))
                    .Where(p => p.Parameters.Any(a => a.ValueFromPipelineByPropertyName) && !p.Parameters.Any(a => a.DontShow))
                    .Select(p => (p.Property.Name, p.Property.GetCustomAttributes<AliasAttribute>(true).SelectMany(a => a.AliasNames).ToArray()))
                    .ToArray();
                ColumnsByType[cmdlet] = columns;
                return columns;
            }
        }

        private static readonly Dictionary<Type, HashSet<string>> PipelineParametersByType = new Dictionary<Type, HashSet<string>>();

        /// <summary>Every parameter that takes pipeline input, by value or by property name, hidden ones included.</summary>
        // Asked for each piped row: the attributes are read once per cmdlet type, as for Columns.
        public static bool TakesPipelineInput(Type cmdlet, string parameter)
        {
            HashSet<string>? names;
            lock (PipelineParametersByType)
            {
                if (!PipelineParametersByType.TryGetValue(cmdlet, out names))
                {
                    names = new HashSet<string>(cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                        .Where(p => p.Name != nameof(IPipedRows.PipelineObject) &&
                            p.GetCustomAttributes<ParameterAttribute>(true).Any(a => a.ValueFromPipeline || a.ValueFromPipelineByPropertyName))
                        .Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
                    PipelineParametersByType[cmdlet] = names;
                }
            }
            return names.Contains(parameter);
        }

        /// <summary>"DeviceUuid (or Uuid), CorporateAccountUuid".</summary>
        public static string Describe(Type cmdlet) => string.Join(", ", Columns(cmdlet).Select(c =>
            c.Aliases.Length == 0 ? c.Name : $"{c.Name} (or {string.Join(", ", c.Aliases)})"));

        /// <summary>The property names of a piped row, for the error: "it has Name, SerialNumber".</summary>
        public static string PropertiesOf(PSObject row)
        {
            string[] names = row.Properties.Select(p => p.Name).Take(12).ToArray();
            return names.Length == 0 ? "no columns" : string.Join(", ", names);
        }

        public static string Position(int row) => $"Row {row} of the piped input";
    }
}
