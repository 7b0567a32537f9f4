using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using SoData.Output;

namespace SoData.Cmdlets
{
    /// <summary>
    /// What the format file's SoData.DatapointPivotRow view calls: the header and the line of a pivot row, laid out by
    /// <see cref="PivotConsoleLayout"/> from the row's own properties (Timestamp, then one per series).
    /// </summary>
    public static class PivotRowView
    {
        /// <summary>The type name of the rows of Get-SoDataDatapoint -Pivot, which selects the view.</summary>
        public const string TypeName = "SoData.DatapointPivotRow";

        public static string Header(PSObject row) => Layout(row).Header;

        public static string Row(PSObject row)
        {
            List<PSPropertyInfo> properties = row.Properties.ToList();
            object? timestamp = properties.Count > 0 ? Unwrap(properties[0].Value) : null;
            List<object?> values = properties.Skip(1).Select(p => Unwrap(p.Value)).ToList();
            return Layout(row).Row(timestamp, values, CultureInfo.CurrentCulture);
        }

        private static PivotConsoleLayout Layout(PSObject row) => PivotConsoleLayout.For(row.Properties.Skip(1).Select(p => p.Name).ToList());

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
