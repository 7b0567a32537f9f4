using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace SoData.Archive
{
    /// <summary>Why a lock could not be taken.</summary>
    internal sealed class ArchiveLockedException : IOException
    {
        public ArchiveLockedException(string message) : base(message) { }
    }

    /// <summary>
    /// One sync at a time per archive folder: a lock file created exclusively, naming the process id, its start time and
    /// the host. A lock left by a process that is gone (killed, a reboot) is taken over, and the caller says so; a lock
    /// of a live process, or of another host (whose processes cannot be seen from here), refuses the run.
    /// Disposing deletes the lock.
    /// </summary>
    internal sealed class ArchiveLock : IDisposable
    {
        public const string FileName = "sodata-archive.lock";

        private string? _path;

        private ArchiveLock(string path) => _path = path;

        /// <summary>What the previous lock said when it was taken over from a process that is gone; null otherwise.</summary>
        public string? TakenOverFrom { get; private set; }

        /// <summary>Takes the lock of <paramref name="folder"/>. Throws <see cref="ArchiveLockedException"/> when another live run holds it.</summary>
        public static ArchiveLock Acquire(string folder)
        {
            string path = Path.Combine(folder, FileName);
            string? takenOver = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (TryCreate(path)) return new ArchiveLock(path) { TakenOverFrom = takenOver };
                string text;
                try
                {
                    text = File.ReadAllText(path);
                }
                catch (FileNotFoundException)
                {
                    continue; // released meanwhile
                }
                LockOwner owner = LockOwner.Parse(text);
                if (!owner.IsGone())
                    throw new ArchiveLockedException($"Another sync of this archive is running ({owner}), per the lock file '{path}'. " +
                        (owner.IsThisHost ? "Wait for it to end." : $"If no sync runs on {owner.Host} any more, delete the lock file."));
                takenOver = owner.ToString();
                // Gone: remove its lock, then create ours exclusively (another run doing the same at once loses the race).
                try
                {
                    File.Delete(path);
                }
                catch (FileNotFoundException)
                {
                }
            }
            throw new ArchiveLockedException($"Could not take the lock file '{path}': other runs keep taking it.");
        }

        private static bool TryCreate(string path)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                using var writer = new StreamWriter(stream);
                writer.Write(LockOwner.Current().Format());
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (_path == null) return;
            try
            {
                File.Delete(_path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The next run finds a lock whose process is gone and takes it over.
            }
            _path = null;
        }

        /// <summary>The process a lock names.</summary>
        internal sealed class LockOwner
        {
            public int ProcessId { get; set; }
            public string Host { get; set; } = string.Empty;

            /// <summary>The process's start time (UTC ticks), so a process id reused after a reboot is not taken for the owner.</summary>
            public long StartedTicks { get; set; }

            public bool IsThisHost => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

            public static LockOwner Current()
            {
                using Process self = Process.GetCurrentProcess();
                return new LockOwner { ProcessId = self.Id, Host = Environment.MachineName, StartedTicks = StartTicks(self) };
            }

            public string Format() =>
                string.Format(CultureInfo.InvariantCulture, "pid={0}\nhost={1}\nstarted={2}\n", ProcessId, Host,
                    new DateTime(StartedTicks, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture));

            /// <summary>Reads a lock file; what cannot be read stays empty (and such a lock counts as gone on this host).</summary>
            public static LockOwner Parse(string text)
            {
                var owner = new LockOwner();
                foreach (string line in text.Split('\n'))
                {
                    int equals = line.IndexOf('=');
                    if (equals < 0) continue;
                    string name = line.Substring(0, equals).Trim(), value = line.Substring(equals + 1).Trim();
                    if (name == "pid" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)) owner.ProcessId = pid;
                    else if (name == "host") owner.Host = value;
                    else if (name == "started" && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime started)) owner.StartedTicks = started.ToUniversalTime().Ticks;
                }
                if (owner.Host.Length == 0) owner.Host = Environment.MachineName; // an empty or torn lock: judged here
                return owner;
            }

            /// <summary>True when the process is known not to run any more. Another host's process cannot be checked: not gone.</summary>
            public bool IsGone()
            {
                if (!IsThisHost) return false;
                if (ProcessId <= 0) return true;
                try
                {
                    using Process process = Process.GetProcessById(ProcessId);
                    if (process.HasExited) return true;
                    long started = StartTicks(process);
                    // A different start time: the id was reused by another process.
                    return StartedTicks != 0 && started != 0 && Math.Abs(started - StartedTicks) > TimeSpan.TicksPerSecond;
                }
                catch (ArgumentException)
                {
                    return true; // no such process
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }

            private static long StartTicks(Process process)
            {
                try
                {
                    return process.StartTime.ToUniversalTime().Ticks;
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is NotSupportedException)
                {
                    return 0;
                }
            }

            public override string ToString() => $"process {ProcessId} on {Host}" +
                (StartedTicks != 0 ? $", started {new DateTime(StartedTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : string.Empty);
        }
    }
}
