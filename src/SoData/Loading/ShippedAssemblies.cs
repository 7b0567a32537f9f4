using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace SoData.Loading
{
    /// <summary>
    /// Which of the module's own files answers a request for an assembly, by the rule of the Windows PowerShell 5.1
    /// resolver: the same simple name, shipped in the module folder or its Dependencies folder, the same public key
    /// token, and a shipped version at least the one requested (never a downgrade). Anything else is not ours to answer.
    /// It runs while the runtime is still looking for System.Memory's own dependencies, so it uses the core library only
    /// (no spans, no tuples: those would need the very assemblies it is asked for).
    /// </summary>
    internal sealed class ShippedAssemblies
    {
        private readonly IReadOnlyList<string> _folders;
        private readonly Func<string, AssemblyName?> _identityOf;

        /// <param name="folders">Where the module's files are, searched in order.</param>
        /// <param name="identityOf">The identity of the assembly at a path, or null when there is none (tests give their own).</param>
        public ShippedAssemblies(IEnumerable<string> folders, Func<string, AssemblyName?>? identityOf = null)
        {
            _folders = new List<string>(folders);
            _identityOf = identityOf ?? ReadIdentity;
        }

        /// <summary>The module folder (where SoData.dll is) and its Dependencies folder.</summary>
        public static ShippedAssemblies OfModule(string moduleFolder) =>
            new ShippedAssemblies(new[] { moduleFolder, Path.Combine(moduleFolder, "Dependencies") });

        /// <summary>The shipped file that satisfies <paramref name="requested"/>; null when none does.</summary>
        public ShippedAssembly? Find(AssemblyName requested)
        {
            string? name = requested.Name;
            if (string.IsNullOrEmpty(name) || name!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains("..")) return null;
            foreach (string folder in _folders)
            {
                string path = Path.Combine(folder, name + ".dll");
                AssemblyName? shipped = _identityOf(path);
                if (shipped != null && Satisfies(shipped, requested)) return new ShippedAssembly(path, shipped);
            }
            return null;
        }

        /// <summary>True when <paramref name="shipped"/> may stand in for <paramref name="requested"/>.</summary>
        public static bool Satisfies(AssemblyName shipped, AssemblyName requested)
        {
            if (!string.Equals(shipped.Name, requested.Name, StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.IsNullOrEmpty(requested.CultureName) && !string.Equals(requested.CultureName, shipped.CultureName, StringComparison.OrdinalIgnoreCase)) return false;
            if (!SameBytes(TokenOf(shipped), TokenOf(requested))) return false;
            return requested.Version == null || (shipped.Version != null && shipped.Version >= requested.Version);
        }

        private static byte[] TokenOf(AssemblyName name) => name.GetPublicKeyToken() ?? new byte[0];

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        private static AssemblyName? ReadIdentity(string path)
        {
            if (!File.Exists(path)) return null;
            try
            {
                return AssemblyName.GetAssemblyName(path);
            }
            catch (BadImageFormatException)
            {
                return null;
            }
        }
    }

    /// <summary>A file of the module and the assembly identity it holds.</summary>
    internal sealed class ShippedAssembly
    {
        public ShippedAssembly(string path, AssemblyName identity)
        {
            Path = path;
            Identity = identity;
        }

        public string Path { get; }
        public AssemblyName Identity { get; }
    }
}
