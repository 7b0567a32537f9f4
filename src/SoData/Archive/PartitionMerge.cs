using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SoData.Output;

namespace SoData.Archive
{
    /// <summary>What merging new points into one partition did.</summary>
    internal sealed class MergeOutcome
    {
        /// <summary>Rows in the merged partition.</summary>
        public long Rows { get; set; }

        /// <summary>Points whose (device, series, timestamp) was not in the partition before.</summary>
        public long Added { get; set; }

        /// <summary>Points already there with another value (the new one was kept).</summary>
        public long Replaced { get; set; }

        /// <summary>False when the merged file would be byte for byte the old one: it need not be rewritten.</summary>
        public bool Changed => Added > 0 || Replaced > 0;
    }

    /// <summary>
    /// The row order and key of an archive partition: by timestamp (the instant, whatever the offset written), then
    /// device uuid, then mapping config. One row per key. Ordinal comparisons, so the order is the same on every
    /// computer and culture.
    /// </summary>
    internal static class ArchiveOrder
    {
        public static int Compare(long utcTicksA, string deviceA, string seriesA, long utcTicksB, string deviceB, string seriesB)
        {
            int c = utcTicksA.CompareTo(utcTicksB);
            if (c != 0) return c;
            c = string.Compare(deviceA, deviceB, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.CompareOrdinal(seriesA, seriesB);
        }

        public static int Compare(DataPoint a, DataPoint b) =>
            Compare(a.Timestamp.UtcTicks, a.DeviceUuid ?? string.Empty, a.StreamRef ?? string.Empty, b.Timestamp.UtcTicks, b.DeviceUuid ?? string.Empty, b.StreamRef ?? string.Empty);

        /// <summary>The new points in archive order, one per key: of two points with the same key, the later one given wins.</summary>
        public static List<DataPoint> SortedUnique(IEnumerable<DataPoint> points)
        {
            var list = new List<(DataPoint Point, int Index)>();
            int i = 0;
            foreach (DataPoint p in points) list.Add((p, i++));
            list.Sort((a, b) =>
            {
                int c = Compare(a.Point, b.Point);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
            var result = new List<DataPoint>(list.Count);
            foreach ((DataPoint point, _) in list)
            {
                if (result.Count > 0 && Compare(result[result.Count - 1], point) == 0) result[result.Count - 1] = point;
                else result.Add(point);
            }
            return result;
        }
    }

    /// <summary>
    /// Merges new points into a partition file as a stream: the old file (sorted) is read a row at a time beside the
    /// new points (sorted), and the merged rows go to the output, so memory holds the new points and one old row,
    /// never the partition. For a key in both, the new point wins. Old rows are copied as they were written.
    /// </summary>
    internal sealed class PartitionMerge
    {
        private const int TimestampColumn = 0;
        private const int DeviceColumn = 2;
        private const int SeriesColumn = 9;
        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

        private readonly StringWriter _line = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        private readonly CsvTableWriter _formatter;
        private readonly TableCell[] _cells = new TableCell[DatapointTable.Columns.Count];

        public PartitionMerge() => _formatter = new CsvTableWriter(_line);

        /// <summary>The header line of every partition.</summary>
        public string Header => FormatHeader();

        /// <summary>
        /// Writes the header, then the rows of <paramref name="existing"/> (null: no file yet) merged with
        /// <paramref name="sortedPoints"/> (from <see cref="ArchiveOrder.SortedUnique"/>), to <paramref name="output"/>.
        /// <paramref name="added"/> is told of each point new to the partition. Throws InvalidDataException, naming
        /// <paramref name="name"/>, when the old file is not an archive partition (other columns, unsorted, duplicate rows).
        /// </summary>
        public MergeOutcome Merge(string name, TextReader? existing, IReadOnlyList<DataPoint> sortedPoints, TextWriter output, Action<DataPoint>? added = null)
        {
            var outcome = new MergeOutcome();
            string header = Header;
            if (existing != null)
            {
                string? first = existing.ReadLine();
                if (first != null && first.Length > 0 && first[0] == '\uFEFF') first = first.Substring(1);
                if (first != null && first != header)
                    throw new InvalidDataException($"'{name}' does not start with the archive's header ({header}): it is not a partition this archive wrote.");
            }
            output.WriteLine(header);

            var fields = new List<string>(DatapointTable.Columns.Count);
            int next = 0;
            long lineNumber = 1;
            bool hasPrevious = false;
            long previousTicks = 0;
            string previousDevice = string.Empty, previousSeries = string.Empty;
            string? raw;
            while (existing != null && (raw = ReadRecord(existing, ref lineNumber)) != null)
            {
                if (raw.Length == 0) continue;
                if (!TryReadKey(raw, fields, out long ticks, out string device, out string series))
                    throw new InvalidDataException($"'{name}' line {lineNumber}: not a row of the archive ({Shorten(raw)}).");
                if (hasPrevious && ArchiveOrder.Compare(previousTicks, previousDevice, previousSeries, ticks, device, series) >= 0)
                    throw new InvalidDataException($"'{name}' line {lineNumber}: rows out of order or repeated ({Shorten(raw)}); the archive keeps one row per device, series and timestamp, sorted.");
                hasPrevious = true;
                previousTicks = ticks;
                previousDevice = device;
                previousSeries = series;

                // New points before this row are new to the partition.
                while (next < sortedPoints.Count && Compare(sortedPoints[next], ticks, device, series) < 0)
                    WriteNew(sortedPoints[next++], output, outcome, added);
                if (next < sortedPoints.Count && Compare(sortedPoints[next], ticks, device, series) == 0)
                {
                    string line = Format(sortedPoints[next++]);
                    if (line != raw) outcome.Replaced++;
                    output.WriteLine(line);
                }
                else
                {
                    output.WriteLine(raw);
                }
                outcome.Rows++;
            }
            while (next < sortedPoints.Count) WriteNew(sortedPoints[next++], output, outcome, added);
            return outcome;
        }

        private void WriteNew(DataPoint point, TextWriter output, MergeOutcome outcome, Action<DataPoint>? added)
        {
            output.WriteLine(Format(point));
            outcome.Rows++;
            outcome.Added++;
            added?.Invoke(point);
        }

        private static int Compare(DataPoint point, long ticks, string device, string series) =>
            ArchiveOrder.Compare(point.Timestamp.UtcTicks, point.DeviceUuid ?? string.Empty, point.StreamRef ?? string.Empty, ticks, device, series);

        /// <summary>The CSV line of a point, exactly as Export-SoDataDatapoint writes it (no line ending).</summary>
        public string Format(DataPoint point)
        {
            DatapointTable.Fill(point, _cells);
            _formatter.WriteRow(_cells);
            return TakeLine();
        }

        private string FormatHeader()
        {
            _formatter.WriteHeader(DatapointTable.Columns);
            return TakeLine();
        }

        private string TakeLine()
        {
            StringBuilder text = _line.GetStringBuilder();
            string line = text.ToString(0, text.Length - 1);
            text.Clear();
            return line;
        }

        /// <summary>
        /// The key of an old row: its instant, device and mapping config. Rows without quotes (nearly all) are cut at
        /// their commas without reading the other fields; the time is read by hand in the one format rows are written
        /// in. This is the loop that runs once per row of a partition of millions.
        /// </summary>
        private static bool TryReadKey(string raw, List<string> fields, out long ticks, out string device, out string series)
        {
            ticks = 0;
            device = series = string.Empty;
            string time;
            if (raw.IndexOf('"') < 0)
            {
                int start = 0, column = 0;
                string? timeField = null, deviceField = null, seriesField = null;
                while (column <= SeriesColumn)
                {
                    int comma = raw.IndexOf(',', start);
                    int end = comma < 0 ? raw.Length : comma;
                    if (column == TimestampColumn) timeField = raw.Substring(start, end - start);
                    else if (column == DeviceColumn) deviceField = raw.Substring(start, end - start);
                    else if (column == SeriesColumn) seriesField = raw.Substring(start, end - start);
                    if (comma < 0) break;
                    start = comma + 1;
                    column++;
                }
                if (seriesField == null) return false;
                time = timeField!;
                device = deviceField!;
                series = seriesField;
            }
            else
            {
                Split(raw, fields);
                if (fields.Count <= SeriesColumn) return false;
                time = fields[TimestampColumn];
                device = fields[DeviceColumn];
                series = fields[SeriesColumn];
            }
            if (TryParseTime(time, out ticks)) return true;
            if (!DateTimeOffset.TryParseExact(time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed)) return false;
            ticks = parsed.UtcTicks;
            return true;
        }

        /// <summary>yyyy-MM-ddTHH:mm:ss[.f to fffffff]+hh:mm (or -hh:mm) as UTC ticks; false for anything else.</summary>
        internal static bool TryParseTime(string text, out long utcTicks)
        {
            utcTicks = 0;
            int n = text.Length;
            if (n < 25 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
            if (!Digits(text, 0, 4, out int year) || !Digits(text, 5, 2, out int month) || !Digits(text, 8, 2, out int day) ||
                !Digits(text, 11, 2, out int hour) || !Digits(text, 14, 2, out int minute) || !Digits(text, 17, 2, out int second)) return false;
            int i = 19;
            long fraction = 0;
            if (text[i] == '.')
            {
                int digits = 0;
                i++;
                while (i < n && text[i] >= '0' && text[i] <= '9' && digits < 7)
                {
                    fraction = fraction * 10 + (text[i] - '0');
                    digits++;
                    i++;
                }
                if (digits == 0) return false;
                for (; digits < 7; digits++) fraction *= 10;
            }
            if (n - i != 6 || (text[i] != '+' && text[i] != '-') || text[i + 3] != ':') return false;
            if (!Digits(text, i + 1, 2, out int offsetHours) || !Digits(text, i + 4, 2, out int offsetMinutes)) return false;
            if (month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year < 1 ? 1 : year, month) || hour > 23 || minute > 59 || second > 59) return false;
            long offset = (offsetHours * 60L + offsetMinutes) * TimeSpan.TicksPerMinute;
            long local = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
            utcTicks = text[i] == '+' ? local - offset : local + offset;
            return true;
        }

        private static bool Digits(string text, int start, int count, out int value)
        {
            value = 0;
            for (int k = start; k < start + count; k++)
            {
                char c = text[k];
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
            }
            return true;
        }

        /// <summary>One CSV record: a line, or several when a quoted field holds a line break.</summary>
        private static string? ReadRecord(TextReader reader, ref long lineNumber)
        {
            string? line = reader.ReadLine();
            if (line == null) return null;
            lineNumber++;
            while (CountQuotes(line) % 2 == 1)
            {
                string? more = reader.ReadLine();
                if (more == null) break;
                lineNumber++;
                line += "\n" + more;
            }
            return line;
        }

        private static int CountQuotes(string text)
        {
            int count = 0;
            foreach (char c in text) if (c == '"') count++;
            return count;
        }

        /// <summary>The fields of a record as RFC 4180 reads them.</summary>
        internal static void Split(string record, List<string> fields)
        {
            fields.Clear();
            int i = 0;
            var field = new StringBuilder();
            while (true)
            {
                field.Clear();
                if (i < record.Length && record[i] == '"')
                {
                    i++;
                    while (i < record.Length)
                    {
                        if (record[i] == '"')
                        {
                            if (i + 1 < record.Length && record[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        field.Append(record[i++]);
                    }
                    while (i < record.Length && record[i] != ',') i++;
                }
                else
                {
                    int end = record.IndexOf(',', i);
                    if (end < 0) end = record.Length;
                    field.Append(record, i, end - i);
                    i = end;
                }
                fields.Add(field.ToString());
                if (i >= record.Length) return;
                i++; // the comma
            }
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}
