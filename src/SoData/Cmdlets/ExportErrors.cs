using System;
using System.IO;
using System.Management.Automation;
using SoData.Output;

namespace SoData.Cmdlets
{
    /// <summary>The error records of a file Export-SoDataDatapoint cannot write (<see cref="ExportFileException"/>).</summary>
    internal static class ExportErrors
    {
        public static ErrorRecord From(ExportFileException ex) => ex.Problem switch
        {
            ExportFileProblem.InvalidArgument => ErrorRecords.InvalidArgument(ex.ErrorId, ex.Message, ex.Target),
            ExportFileProblem.FolderNotFound => new ErrorRecord(new DirectoryNotFoundException(ex.Message), ex.ErrorId, ErrorCategory.ObjectNotFound, ex.Target),
            ExportFileProblem.FileExists => new ErrorRecord(new IOException(ex.Message), ex.ErrorId, ErrorCategory.ResourceExists, ex.Target),
            // The cause (the IOException, the loader's failure) is the exception; the message says what it means here.
            ExportFileProblem.WriterNotLoaded => WithCause(ex, ErrorCategory.ResourceUnavailable),
            _ => WithCause(ex, ErrorCategory.WriteError),
        };

        /// <summary>No series given could be read: no file is written, since an empty one would only mislead.</summary>
        public static ErrorRecord NoSeries(string path) =>
            new ErrorRecord(new ItemNotFoundException($"None of the series given could be read, so '{path}' was not written."), "NoSeriesToExport", ErrorCategory.ObjectNotFound, path);

        /// <summary>Runs a step of the file; a file that cannot be written ends the command (see <see cref="ExportFileException"/>).</summary>
        public static T Checked<T>(this Cmdlet cmdlet, Func<T> step)
        {
            try
            {
                return step();
            }
            catch (ExportFileException ex)
            {
                cmdlet.ThrowTerminatingError(From(ex));
                throw;
            }
        }

        /// <inheritdoc cref="Checked{T}(Cmdlet, Func{T})"/>
        public static void Checked(this Cmdlet cmdlet, Action step) => cmdlet.Checked(() =>
        {
            step();
            return true;
        });

        private static ErrorRecord WithCause(ExportFileException ex, ErrorCategory category) =>
            new ErrorRecord(ex.InnerException ?? ex, ex.ErrorId, category, ex.Target) { ErrorDetails = new ErrorDetails(ex.Message) };
    }
}
