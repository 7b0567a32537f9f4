using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SoData.Client;

namespace SoData.Output
{
    /// <summary>
    /// The one place pivot column headers are named, for every output that has them (Get-SoDataDatapoint -Pivot,
    /// Export-SoDataDatapoint -Pivot to CSV or xlsx): a template such as "{DeviceName} {StreamRef} ({Unit})" filled per
    /// series, then made unique.
    /// </summary>
    internal static class PivotHeaders
    {
        /// <summary>Short enough for two series side by side at an 80-column console: the device, the mapping config, the unit.</summary>
        public const string DefaultTemplate = "{DeviceName} {StreamRef} ({Unit})";

        /// <summary>The fields a template may use, in the order help lists them.</summary>
        public static readonly IReadOnlyList<string> Fields = new[] { "DeviceName", "DeviceUuid", "StreamRef", "Title", "Unit" };

        private static readonly Regex Field = new Regex(@"\{(?<name>[^{}]*)\}", RegexOptions.CultureInvariant);
        private static readonly Regex EmptyBrackets = new Regex(@"\(\s*\)|\[\s*\]", RegexOptions.CultureInvariant);
        private static readonly Regex Spaces = new Regex(@"\s{2,}", RegexOptions.CultureInvariant);

        /// <summary>Null when <paramref name="template"/> is usable; otherwise what is wrong with it, naming the valid fields.</summary>
        public static string? Check(string? template)
        {
            if (string.IsNullOrWhiteSpace(template)) return "the template is empty. " + Expected;
            var unknown = Field.Matches(template).Cast<Match>().Select(m => m.Groups["name"].Value)
                .Where(name => !Fields.Contains(name, StringComparer.OrdinalIgnoreCase)).Distinct().ToList();
            if (unknown.Count > 0) return $"{string.Join(", ", unknown.Select(n => "{" + n + "}"))} is not a field of a series. " + Expected;
            if (!Field.IsMatch(template)) return $"'{template}' names no field, so every column would have the same header. " + Expected;
            return null;
        }

        private static string Expected =>
            $"Use {string.Join(", ", Fields.Select(f => "{" + f + "}"))}, e.g. '{{DeviceName}} {{Title}} ({{Unit}})'.";

        /// <summary>
        /// One header per series, in order, unique (ignoring case) and never "Timestamp". A missing device name is left out
        /// when every series is of one device, else replaced by the device uuid; a missing title by the mapping config; a
        /// missing unit drops its brackets. Headers that come out the same are told apart by device (the uuid's first 8
        /// characters) when the devices differ, else by mapping config, then by a number.
        /// </summary>
        public static List<string> Labels(IReadOnlyList<DatapointsSeries> series, string? template = null)
        {
            template = string.IsNullOrWhiteSpace(template) ? DefaultTemplate : template!;
            bool severalDevices = series.Select(s => s.DeviceUuid.ToLowerInvariant()).Distinct().Count() > 1;
            List<string> labels = series.Select(s => Fill(template, s, severalDevices)).ToList();

            foreach (IGrouping<string, int> same in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList())
            {
                bool devicesDiffer = same.Select(i => series[i].DeviceUuid.ToLowerInvariant()).Distinct().Count() > 1;
                foreach (int i in same)
                    labels[i] += devicesDiffer ? $" [{Short(series[i].DeviceUuid)}]" : $" [{series[i].Ref}]";
            }
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Timestamp" };
            for (int i = 0; i < labels.Count; i++)
            {
                string label = labels[i];
                for (int n = 2; !used.Add(label); n++) label = labels[i] + " #" + n.ToString(CultureInfo.InvariantCulture);
                labels[i] = label;
            }
            return labels;
        }

        /// <summary>The template filled for one series, with what is empty tidied away.</summary>
        internal static string Fill(string template, DatapointsSeries series, bool severalDevices)
        {
            string filled = Field.Replace(template, m => ValueOf(m.Groups["name"].Value, series, severalDevices));
            filled = Spaces.Replace(EmptyBrackets.Replace(filled, string.Empty), " ").Trim(' ', '/', '-', ',', ';', ':');
            return filled.Length > 0 ? filled : series.Ref.ToString();
        }

        private static string ValueOf(string field, DatapointsSeries s, bool severalDevices)
        {
            switch (field.ToLowerInvariant())
            {
                case "devicename": return s.DeviceName ?? (severalDevices ? s.DeviceUuid : string.Empty);
                case "deviceuuid": return s.DeviceUuid;
                case "streamref": return s.Ref.ToString();
                case "title": return string.IsNullOrEmpty(s.Title) ? s.Ref.ToString() : s.Title!;
                case "unit": return s.Unit ?? string.Empty;
                default: return string.Empty; // refused by Check before any request
            }
        }

        private static string Short(string uuid) => uuid.Length > 8 ? uuid.Substring(0, 8) : uuid;
    }
}
