using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using SoData.Output;

namespace SoData.Archive
{
    /// <summary>
    /// The files of an archive folder: partitions, the state file, and the temporary files of a run that was killed.
    /// Every file is replaced the same way: written whole to a temporary file in the folder, flushed to disk, renamed over
    /// the old one (<see cref="AtomicFile"/>). So a run stopped at any moment leaves each file as it was or as it should be.
    /// With the Xlsx format, the partitions are kept as CSV in a hidden subfolder (the merge reads them as a stream) and
    /// each changed one is written again as a workbook beside it.
    /// </summary>
    internal sealed class ArchiveFolder
    {
        /// <summary>Where an Xlsx archive keeps its rows as CSV, the files the merge reads.</summary>
        public const string XlsxDataFolder = ".sodata-archive-csv";

        // The names AtomicFile gives its temporary files: .<name>.<12 hex>.tmp
        private static readonly Regex TemporaryName = new Regex(@"^\..+\.(csv|xlsx|json)\.[0-9a-f]{12}\.tmp$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly PartitionMerge _merge = new PartitionMerge();
        private readonly Func<Stream, IWorkbookSink>? _workbook;
        private readonly TimeZoneInfo? _zone;

        /// <param name="path">The archive folder (created if missing).</param>
        /// <param name="zone">The archive's zone: workbooks show times in it; null (devices' own zones) to show each at the wall clock its row carries.</param>
        /// <param name="workbook">Null for a CSV archive; for Xlsx, makes the workbook writer of a stream.</param>
        public ArchiveFolder(string path, TimeZoneInfo? zone, Func<Stream, IWorkbookSink>? workbook)
        {
            Path = path;
            _zone = zone;
            _workbook = workbook;
            DataPath = workbook == null ? path : System.IO.Path.Combine(path, XlsxDataFolder);
        }

        public string Path { get; }

        /// <summary>The folder of the CSV partitions: <see cref="Path"/>, or its hidden subfolder for Xlsx.</summary>
        public string DataPath { get; }

        public string StatePath => System.IO.Path.Combine(Path, ArchiveState.FileName);

        /// <summary>The file people open for a partition.</summary>
        public string PartitionPath(string name) => System.IO.Path.Combine(Path, name + (_workbook == null ? ".csv" : ".xlsx"));

        private string DataFile(string name) => System.IO.Path.Combine(DataPath, name + ".csv");

        /// <summary>Deletes the temporary files a killed run left (only while holding the lock: no other run writes here). Returns their names.</summary>
        public List<string> DeleteLeftovers()
        {
            var deleted = new List<string>();
            foreach (string folder in new[] { Path, DataPath })
            {
                if (!Directory.Exists(folder)) continue;
                foreach (string file in Directory.GetFiles(folder, ".*.tmp"))
                {
                    if (!TemporaryName.IsMatch(System.IO.Path.GetFileName(file))) continue;
                    File.Delete(file);
                    deleted.Add(file);
                }
            }
            return deleted;
        }

        /// <summary>
        /// Merges <paramref name="sortedPoints"/> into partition <paramref name="name"/> and replaces its file, unless
        /// nothing changed. <paramref name="added"/> is told of each point new to the archive.
        /// </summary>
        public MergeOutcome MergePartition(string name, IReadOnlyList<DataPoint> sortedPoints, Action<DataPoint>? added = null)
        {
            Directory.CreateDirectory(DataPath);
            string target = DataFile(name);
            MergeOutcome outcome;
            using (AtomicFile file = AtomicFile.Create(target))
            {
                using (StreamReader? existing = File.Exists(target) ? new StreamReader(target, Utf8, true, 1 << 16) : null)
                using (var writer = new StreamWriter(file.Stream, Utf8, 1 << 16, leaveOpen: true))
                {
                    outcome = _merge.Merge(System.IO.Path.GetFileName(target), existing, sortedPoints, writer, added);
                    writer.Flush();
                }
                // Nothing new, nothing replaced: the old file stays, untouched (a rerun of a finished night writes nothing).
                if (outcome.Changed || !File.Exists(target)) Commit(file);
            }
            if (_workbook != null && (outcome.Changed || IsStale(name))) WriteWorkbook(name);
            return outcome;
        }

        /// <summary>Writes the state file, the same way as a partition.</summary>
        public void WriteState(ArchiveState state)
        {
            using AtomicFile file = AtomicFile.Create(StatePath);
            state.Write(file.Stream);
            Commit(file);
        }

        /// <summary>Flushed to the disk before the rename, so that after a power cut the new name never points at missing data.</summary>
        private static void Commit(AtomicFile file)
        {
            if (file.Stream is FileStream stream) stream.Flush(flushToDisk: true);
            file.Commit(replace: true);
        }

        private bool IsStale(string name)
        {
            string workbook = PartitionPath(name);
            return !File.Exists(workbook) || File.GetLastWriteTimeUtc(workbook) < File.GetLastWriteTimeUtc(DataFile(name));
        }

        /// <summary>The workbook of a partition, written from its CSV as a stream (whatever its size).</summary>
        private void WriteWorkbook(string name)
        {
            IReadOnlyList<TableColumn> columns = DatapointTable.Columns;
            using AtomicFile file = AtomicFile.Create(PartitionPath(name));
            using (var table = new XlsxTableWriter(_workbook!(file.Stream), _zone, name))
            using (var reader = new StreamReader(DataFile(name), Utf8, true, 1 << 16))
            {
                table.WriteHeader(columns);
                reader.ReadLine();
                var fields = new List<string>(columns.Count);
                var cells = new TableCell[columns.Count];
                string? line;
                while ((line = ReadRecord(reader)) != null)
                {
                    if (line.Length == 0) continue;
                    PartitionMerge.Split(line, fields);
                    for (int i = 0; i < cells.Length; i++) cells[i] = Cell(columns[i].Kind, i < fields.Count ? fields[i] : string.Empty);
                    table.WriteRow(cells);
                }
                table.Complete();
            }
            Commit(file);
        }

        private static string? ReadRecord(TextReader reader)
        {
            string? line = reader.ReadLine();
            while (line != null && Count(line, '"') % 2 == 1)
            {
                string? more = reader.ReadLine();
                if (more == null) break;
                line += "\n" + more;
            }
            return line;
        }

        private static int Count(string text, char c)
        {
            int n = 0;
            foreach (char x in text) if (x == c) n++;
            return n;
        }

        private static TableCell Cell(CellKind kind, string text)
        {
            if (text.Length == 0) return TableCell.Empty;
            switch (kind)
            {
                case CellKind.Number:
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? TableCell.Of(number) : TableCell.Of(text);
                case CellKind.Time:
                    return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset time) ? TableCell.Of(time) : TableCell.Of(text);
                default:
                    return TableCell.Of(text);
            }
        }
    }
}
