using System;
using System.IO;
using System.Text;

namespace SoData.Output
{
    /// <summary>
    /// The file an export writes, checked before any request: its full path, the parameter that named it (for
    /// messages), its format (-Format, or the extension) and, for CSV, its encoding. Throws
    /// <see cref="ExportFileException"/> for a name, format or encoding that cannot work.
    /// </summary>
    public sealed class ExportTarget
    {
        private ExportTarget(string path, string namedBy, ExportFormat format, Encoding? encoding)
        {
            Path = path;
            NamedBy = namedBy;
            Format = format;
            Encoding = encoding;
        }

        /// <summary>The full path of the file.</summary>
        public string Path { get; }

        /// <summary>The parameter that named the file ("-Path", "-LiteralPath"), for messages.</summary>
        public string NamedBy { get; }

        public ExportFormat Format { get; }

        /// <summary>The CSV's encoding; null for a workbook.</summary>
        public Encoding? Encoding { get; }

        /// <param name="path">A full file system path.</param>
        /// <param name="format">-Format when given; else the extension says (.csv or .txt: Csv; .xlsx: Xlsx).</param>
        /// <param name="encoding">-Encoding when given (CSV only; see <see cref="EncodingNames"/>); else UTF-8 without BOM.</param>
        public static ExportTarget Resolve(string path, string namedBy, ExportFormat? format, Encoding? encoding)
        {
            ExportFormat resolved = ResolveFormat(path, namedBy, format, encoding);
            return new ExportTarget(path, namedBy, resolved, resolved == ExportFormat.Csv ? encoding ?? EncodingNames.Default : null);
        }

        /// <summary>Checks, once the command is sure to run, that the file can be created: not a folder, in a folder that exists, new unless <paramref name="force"/>.</summary>
        public void CheckWritable(bool force)
        {
            if (Directory.Exists(Path))
                throw new ExportFileException("PathIsFolder", ExportFileProblem.InvalidArgument, $"{NamedBy} '{Path}' is a folder: give the path of a file.", Path);
            string folder = Folder;
            if (!Directory.Exists(folder))
                throw new ExportFileException("FolderNotFound", ExportFileProblem.FolderNotFound, $"{NamedBy}: the folder '{folder}' does not exist.", Path);
            if (File.Exists(Path) && !force)
            {
                throw new ExportFileException("FileExists", ExportFileProblem.FileExists,
                    $"{NamedBy}: the file '{Path}' already exists. Add -Force to replace it (only once the export has succeeded), or give another {NamedBy}.", Path);
            }
        }

        /// <summary>The folder the file is written in.</summary>
        public string Folder => System.IO.Path.GetDirectoryName(Path) ?? string.Empty;

        public override string ToString() => Path;

        /// <summary>The format: -Format, or the extension; a workbook named .csv, CSV named .xlsx, or an unknown extension is refused.</summary>
        private static ExportFormat ResolveFormat(string path, string namedBy, ExportFormat? format, Encoding? encoding)
        {
            // A folder is reported as such by CheckWritable, whatever its name.
            if (Directory.Exists(path)) return format ?? ExportFormat.Csv;
            string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
            ExportFormat? fromName = extension switch
            {
                ".csv" => ExportFormat.Csv,
                ".txt" => ExportFormat.Csv,
                ".xlsx" => ExportFormat.Xlsx,
                _ => (ExportFormat?)null,
            };
            if (extension == ".xls" || extension == ".xlsm" || extension == ".xlsb")
            {
                throw new ExportFileException("UnsupportedFileFormat", ExportFileProblem.InvalidArgument,
                    $"{namedBy} '{path}': Export-SoDataDatapoint writes Excel workbooks as .xlsx, not {extension}. Name the file .xlsx (or .csv for CSV).", path);
            }
            if (format.HasValue && fromName.HasValue && fromName != format)
            {
                throw new ExportFileException("FormatMismatch", ExportFileProblem.InvalidArgument,
                    $"-Format {format} does not match the extension of {namedBy} '{path}' ({extension} is {fromName}); a program opening the file would refuse it. " +
                    $"Name the file {(format == ExportFormat.Xlsx ? ".xlsx" : ".csv")}, or leave -Format out.", format);
            }
            ExportFormat? resolved = format ?? fromName;
            if (!resolved.HasValue)
            {
                throw new ExportFileException("UnknownFileFormat", ExportFileProblem.InvalidArgument,
                    $"{namedBy} '{path}': cannot tell the format from the extension '{extension}'. Name the file .xlsx (an Excel workbook) or .csv, or give -Format Csv or -Format Xlsx.", path);
            }
            if (resolved == ExportFormat.Xlsx && encoding != null)
            {
                throw new ExportFileException("EncodingWithXlsx", ExportFileProblem.InvalidArgument,
                    "-Encoding applies to CSV only: an .xlsx workbook is always UTF-8 inside, which Excel reads in any locale. Leave -Encoding out.", encoding);
            }
            return resolved.Value;
        }
    }
}
