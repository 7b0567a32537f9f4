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

        private static ErrorRecord WithCause(ExportFileException ex, ErrorCategory category) =>
            new ErrorRecord(ex.InnerException ?? ex, ex.ErrorId, category, ex.Target) { ErrorDetails = new ErrorDetails(ex.Message) };
    }
}
