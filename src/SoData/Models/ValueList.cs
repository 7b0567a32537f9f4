using System.Collections.Generic;
using System.Linq;

namespace SoData
{
    /// <summary>
    /// A list that renders as readable text ("a; b; c"), so an Export-Csv cell never reads System.Object[].
    /// </summary>
    public sealed class ValueList<T> : List<T>
    {
        public ValueList() { }

        public ValueList(IEnumerable<T> items) : base(items) { }

        public override string ToString() => string.Join("; ", this.Select(item => item?.ToString() ?? string.Empty));
    }

    /// <summary>
    /// A JSON object the module does not model. ConvertTo-Json shows it as an object; Export-Csv as "key=value; ...".
    /// </summary>
    public sealed class ValueMap : Dictionary<string, object?>
    {
        public override string ToString() =>
            string.Join("; ", this.Select(pair => pair.Key + "=" + (pair.Value?.ToString() ?? string.Empty)));
    }
}
