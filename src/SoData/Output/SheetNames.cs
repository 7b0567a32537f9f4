using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SoData.Output
{
    /// <summary>
    /// Sheet names Excel accepts, each once in a workbook: at most 31 characters, none of : \ / ? * [ ], not starting or
    /// ending with an apostrophe, not "History" (reserved), and unique whatever their case ("Ups (2)" for a second "Ups").
    /// </summary>
    public sealed class SheetNames
    {
        public const int MaxLength = 31;
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A valid name for <paramref name="wanted"/> that no earlier sheet has; it is then taken.</summary>
        public string Take(string? wanted)
        {
            string clean = Clean(wanted);
            string name = Cut(clean, MaxLength);
            for (int n = 2; !_used.Add(name); n++)
            {
                string suffix = " (" + n.ToString(CultureInfo.InvariantCulture) + ")";
                name = Cut(clean, MaxLength - suffix.Length) + suffix;
            }
            return name;
        }

        private static string Clean(string? wanted)
        {
            var text = new StringBuilder(wanted ?? string.Empty);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == ':' || c == '\\' || c == '/' || c == '?' || c == '*' || c == '[' || c == ']' || char.IsControl(c)) text[i] = '_';
            }
            string clean = text.ToString().Trim().Trim('\'').Trim();
            if (clean.Length == 0) return "Sheet";
            return string.Equals(clean, "History", StringComparison.OrdinalIgnoreCase) ? clean + "_" : clean;
        }

        /// <summary>The first <paramref name="length"/> characters, never half of a surrogate pair, without a trailing space or apostrophe.</summary>
        private static string Cut(string text, int length)
        {
            if (text.Length <= length) return text;
            if (char.IsHighSurrogate(text[length - 1])) length--;
            return text.Substring(0, length).TrimEnd(' ', '\'');
        }
    }
}
