using System;

namespace SoData.Output
{
    /// <summary>What kind of problem an <see cref="ExportFileException"/> is, for the cmdlet's error category.</summary>
    public enum ExportFileProblem
    {
        /// <summary>The name, format or encoding given cannot work (InvalidArgument).</summary>
        InvalidArgument,

        /// <summary>The target's folder does not exist (ObjectNotFound).</summary>
        FolderNotFound,

        /// <summary>The target exists and may not be replaced (ResourceExists).</summary>
        FileExists,

        /// <summary>The file could not be written; <see cref="Exception.InnerException"/> says why (WriteError).</summary>
        CannotWrite,

        /// <summary>The Excel writer could not be loaded; <see cref="Exception.InnerException"/> says why (ResourceUnavailable).</summary>
        WriterNotLoaded,
    }

    /// <summary>A file of an export that cannot be written, with the stable ErrorId and the object the error is about.</summary>
    public sealed class ExportFileException : Exception
    {
        public ExportFileException(string errorId, ExportFileProblem problem, string message, object? target, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Problem = problem;
            Target = target;
        }

        public string ErrorId { get; }

        public ExportFileProblem Problem { get; }

        public object? Target { get; }
    }
}
