using System;
using System.Collections.Generic;
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
    /// PowerShell chooses between sets (Get-SoDataDevice, Get-SoDataDatapoint and Export-SoDataDatapoint have several).
    /// </summary>
    public interface IPipedRows
    {
        PSObject? PipelineObject { get; }
    }

    /// <summary>
    /// A cmdlet with several parameter sets (Get-SoDataDevice, Get-SoDataDatapoint, Export-SoDataDatapoint). Its hidden
    /// PipelineObject parameter is a <see cref="PipedRow"/>, which only rows bind (Import-Csv, ConvertFrom-Csv,
    /// [pscustomobject]): piped objects of the module never bind it, so they choose their parameter set as before, and a
    /// row binds it first, in every set, so it does not choose one either. Rows are counted when PowerShell binds
    /// them, before its check of mandatory parameters, so a row PowerShell then refuses (it says so itself, naming the
    /// missing parameter) still counts, and the rows after it keep their true position.
    /// </summary>
    public interface ICountsPipedRows
    {
        PipedRowCounter Rows { get; }
    }

    /// <summary>A row piped in: an object of no .NET type but its properties (a CSV row, a [pscustomobject]).</summary>
    public sealed class PipedRow
    {
        internal PipedRow(PSObject value) => Value = value;

        public PSObject Value { get; }

        public override string ToString() => Value.ToString();
    }

    /// <summary>
    /// Makes a <see cref="PipedRow"/> of a row and leaves anything else as it is, so that a parameter of that type binds
    /// rows only (nothing converts to it).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class PipedRowTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            inputData is PSObject { BaseObject: PSCustomObject } row ? new PipedRow(row) : inputData;
    }

    /// <summary>The row bound to a cmdlet's PipelineObject parameter, and how many piped objects have come so far.</summary>
    public sealed class PipedRowCounter
    {
        private PipedRow? _row;
        private int _count;
        private bool _rowTaken;

        /// <summary>Set by PowerShell's binder: a row for each row offered (refused or not), null between rows.</summary>
        public PipedRow? Row
        {
            get => _row;
            set
            {
                _row = value;
                if (value == null) return;
                _count++;
                _rowTaken = false;
            }
        }

        /// <summary>The position of the piped object being processed: the bound row's, or the next one for an object of the module.</summary>
        public int Next()
        {
            if (_row != null && !_rowTaken)
            {
                _rowTaken = true;
                return _count;
            }
            return ++_count;
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

        /// <summary>Every parameter that takes pipeline input, by value or by property name, hidden ones included.</summary>
        public static bool TakesPipelineInput(Type cmdlet, string parameter)
        {
            PropertyInfo? property = cmdlet.GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            return property != null && property.Name != nameof(IPipedRows.PipelineObject) &&
                property.GetCustomAttributes<ParameterAttribute>(true).Any(a => a.ValueFromPipeline || a.ValueFromPipelineByPropertyName);
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

        /// <summary>True when the row has a column (or an alias of one) that a parameter of the cmdlet reads.</summary>
        public static bool HasColumn(Type cmdlet, PSObject row)
        {
            var names = new HashSet<string>(Columns(cmdlet).SelectMany(c => c.Aliases.Prepend(c.Name)), StringComparer.OrdinalIgnoreCase);
            return row.Properties.Any(p => names.Contains(p.Name));
        }
    }
}
