using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;

namespace SoData.Output
{
    /// <summary>
    /// CSV as RFC 4180 quotes it, in the invariant culture whatever the computer's: a dot for decimals, no thousands
    /// separator, ISO 8601 times with their offset. A field is quoted only when it needs it (a comma, a quote, a line
    /// break, or a space at either end that a reader could trim), with its quotes doubled.
    /// </summary>
    public sealed class CsvTableWriter : ITableWriter
    {
        private static readonly char[] NeedsQuotes = { ',', '"', '\r', '\n' };
        private readonly TextWriter _writer;

        /// <summary>Writes to <paramref name="writer"/> (its encoding and line ending), and disposes it.</summary>
        public CsvTableWriter(TextWriter writer) => _writer = writer ?? throw new ArgumentNullException(nameof(writer));

        public void WriteHeader(IReadOnlyList<TableColumn> columns)
        {
            for (int i = 0; i < columns.Count; i++) WriteField(columns[i].Name, i == 0);
            _writer.WriteLine();
        }

        [MethodImpl(HotPath.OptimizeNow)]
        public void WriteRow(TableCell[] cells)
        {
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0) _writer.Write(',');
                TableCell cell = cells[i];
                switch (cell.Kind)
                {
                    case CellKind.Number:
                        _writer.Write(Number(cell.Number));
                        break;
                    case CellKind.Time:
                        _writer.Write(Time(cell.Time));
                        break;
                    case CellKind.Text:
                        WriteField(cell.Text, true);
                        break;
                }
            }
            _writer.WriteLine();
        }

        public void Complete() => _writer.Flush();

        public void Dispose() => _writer.Dispose();

        /// <summary>ISO 8601 with the offset, to the tick, no trailing zeros: 2024-05-01T00:00:00+02:00.</summary>
        public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

        /// <summary>The shortest text that reads back as the same double.</summary>
        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>A field as RFC 4180 wants it: as is, or in quotes with its quotes doubled.</summary>
        public static string Quote(string text)
        {
            if (text.Length == 0 || (text.IndexOfAny(NeedsQuotes) < 0 && text[0] != ' ' && text[text.Length - 1] != ' ')) return text;
            return "\"" + text.Replace("\"", "\"\"") + "\"";
        }

        private void WriteField(string? text, bool first)
        {
            if (!first) _writer.Write(',');
            if (!string.IsNullOrEmpty(text)) _writer.Write(Quote(text!));
        }
    }
}
