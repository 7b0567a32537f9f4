using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SoData.Output
{
    /// <summary>
    /// How pivot rows show at a console (the SoData.DatapointPivotRow view): a table with a one-line header that fits
    /// 80 columns, the timestamp as yyyy-MM-dd HH:mm:ss zzz in every culture, values rounded to 7 significant digits
    /// (the objects keep every digit). PowerShell's own table drops the columns that do not fit and cuts headers inside a
    /// word; here every column stays, narrowed as needed, and a header too long for its column keeps its start and its
    /// end (device, mapping config and unit) around an ellipsis.
    /// </summary>
    public sealed class PivotConsoleLayout
    {
        /// <summary>The widest line: one less than an 80-column console, which would wrap a line of 80.</summary>
        public const int LineWidth = 79;

        public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss zzz";

        private const int TimestampWidth = 26; // "2022-05-18 01:00:00 +02:00"
        private const int MinColumnWidth = 9;  // "-123.4567" or "1.234E+07" unclipped; G7 is at most 13 wide

        // One layout per set of headers: every row of a pivot asks for it.
        private static readonly ConcurrentDictionary<string, PivotConsoleLayout> s_layouts = new ConcurrentDictionary<string, PivotConsoleLayout>(StringComparer.Ordinal);

        private readonly int[] _widths;
        private readonly string _header;

        private PivotConsoleLayout(IReadOnlyList<string> labels)
        {
            _widths = Widths(labels.Select(l => l.Length).ToArray());
            var names = new StringBuilder("Timestamp".PadRight(TimestampWidth));
            var rule = new StringBuilder("---------".PadRight(TimestampWidth));
            for (int i = 0; i < labels.Count; i++)
            {
                string shown = Clip(labels[i], _widths[i]);
                names.Append(' ').Append(shown.PadLeft(_widths[i]));
                rule.Append(' ').Append(new string('-', shown.Length).PadLeft(_widths[i]));
            }
            _header = names.ToString().TrimEnd() + Environment.NewLine + rule.ToString().TrimEnd();
        }

        /// <summary>The layout for pivot rows with these value headers (the properties after Timestamp).</summary>
        public static PivotConsoleLayout For(IReadOnlyList<string> labels)
        {
            string key = string.Join("\n", labels);
            if (s_layouts.Count > 100) s_layouts.Clear(); // a long session pivots many ways; a layout is cheap to make again
            return s_layouts.GetOrAdd(key, _ => new PivotConsoleLayout(labels));
        }

        /// <summary>The two header lines: the column names, then a rule under each.</summary>
        public string Header => _header;

        /// <summary>One row: the timestamp, then each value right-aligned under its header (blank for no point).</summary>
        public string Row(object? timestamp, IReadOnlyList<object?> values, CultureInfo culture)
        {
            var line = new StringBuilder(Timestamp(timestamp).PadRight(TimestampWidth));
            for (int i = 0; i < _widths.Length; i++)
                line.Append(' ').Append(Clip(Value(i < values.Count ? values[i] : null, culture), _widths[i]).PadLeft(_widths[i]));
            return line.ToString().TrimEnd();
        }

        public static string Timestamp(object? value)
        {
            switch (value)
            {
                case DateTimeOffset instant: return instant.ToString(TimestampFormat, CultureInfo.InvariantCulture);
                case DateTime time: return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                case null: return string.Empty;
                default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        private static string Value(object? value, CultureInfo culture)
        {
            switch (value)
            {
                case null: return string.Empty;
                case double d: return d.ToString("G7", culture);
                case float f: return f.ToString("G7", culture);
                case IFormattable formattable: return formattable.ToString(null, culture);
                default: return value.ToString() ?? string.Empty;
            }
        }

        /// <summary>Each column as wide as its header; when the line would be too wide, the widest narrowed first, down to a minimum.</summary>
        private static int[] Widths(int[] headerLengths)
        {
            int[] widths = headerLengths.Select(l => Math.Max(MinColumnWidth, l)).ToArray();
            int excess = TimestampWidth + widths.Sum() + widths.Length - LineWidth;
            while (excess > 0)
            {
                int widest = Array.IndexOf(widths, widths.Max());
                if (widths[widest] <= MinColumnWidth) break; // too many columns for the line: the console wraps, nothing is hidden
                widths[widest]--;
                excess--;
            }
            return widths;
        }

        /// <summary>The text, or its start and end around an ellipsis when it is wider than the column.</summary>
        internal static string Clip(string text, int width)
        {
            if (text.Length <= width) return text;
            int head = (width - 1) / 3;
            int tail = width - 1 - head;
            return text.Substring(0, head) + "\u2026" + text.Substring(text.Length - tail);
        }
    }
}
