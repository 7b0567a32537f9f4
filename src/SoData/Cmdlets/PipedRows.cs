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
    /// A cmdlet with several parameter sets, which cannot have a PipelineObject parameter (see <see cref="IPipedRows"/>):
    /// it counts the piped objects that reach it, so that an error about a bad value names the row ("Row 3 of the piped
    /// input: -DeviceUuid: ..."). A row that fits no parameter set never reaches the cmdlet: PowerShell reports it
    /// itself, and it is not counted, so a later row's number counts only the rows PowerShell bound.
    /// </summary>
    public interface ICountsPipedRows
    {
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
    }
}
