using System;
using System.IO;

namespace SoData.Output
{
    /// <summary>
    /// A file that appears whole or not at all: written to a hidden temporary file in the target's folder (so the
    /// final rename stays on one volume), renamed over the target by <see cref="Commit"/>, deleted by Dispose when it
    /// was not committed (an error, Ctrl+C, -WhatIf). An existing target is untouched until the commit.
    /// </summary>
    public sealed class AtomicFile : IDisposable
    {
        private string? _temporary;
        private FileStream? _stream;

        private AtomicFile(string target, string temporary, FileStream stream)
        {
            Target = target;
            _temporary = temporary;
            _stream = stream;
        }

        public string Target { get; }

        /// <summary>The temporary file's path while it exists.</summary>
        public string? TemporaryPath => _temporary;

        /// <summary>Where to write. Disposed by <see cref="Commit"/>; closing it earlier (a writer that owns it) is fine.</summary>
        public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

        /// <summary>Creates the temporary file next to <paramref name="target"/>. Throws IOException or UnauthorizedAccessException.</summary>
        public static AtomicFile Create(string target)
        {
            string folder = Path.GetDirectoryName(target) ?? string.Empty;
            string temporary = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            return new AtomicFile(target, temporary, stream);
        }

        /// <summary>
        /// Closes the temporary file and renames it to the target. Returns false, and changes nothing, when the target
        /// exists and <paramref name="replace"/> is false. Throws IOException or UnauthorizedAccessException when the
        /// rename fails; the target is then as it was.
        /// </summary>
        public bool Commit(bool replace)
        {
            if (_temporary == null) throw new InvalidOperationException("The file was already committed or discarded.");
            _stream?.Dispose();
            _stream = null;
            if (File.Exists(Target))
            {
                if (!replace) return false;
                File.Replace(_temporary, Target, null);
            }
            else
            {
                File.Move(_temporary, Target);
            }
            _temporary = null;
            return true;
        }

        /// <summary>Deletes the temporary file unless it became the target.</summary>
        public void Dispose()
        {
            try
            {
                _stream?.Dispose();
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException)
            {
                // Closing a file that could not be written (disk full): it is deleted below anyway.
            }
            _stream = null;
            if (_temporary == null) return;
            try
            {
                File.Delete(_temporary);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Nothing more can be done; the name starts with a dot and ends in .tmp.
            }
            _temporary = null;
        }
    }
}
