using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace SoData.Client
{
    /// <summary>
    /// PowerShell 7: an AssemblyLoadContext for the module's private dependencies. It loads what the Dependencies
    /// folder holds and leaves everything else (the framework, SoData.dll itself, PowerShell) to the default context,
    /// so the types the two sides share have one identity. A netstandard2.0 package's copy of an assembly the platform
    /// already has, as new or newer (System.Memory, System.Buffers...: shipped for Windows PowerShell 5.1), is left to the
    /// platform too. Only touched on .NET Core.
    /// </summary>
    internal sealed class IsolatedLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static IsolatedLoadContext? _instance;
        private readonly string _folder;

        private IsolatedLoadContext(string folder) => _folder = folder;

        public static Assembly LoadIsolated(string folder, string path)
        {
            lock (Gate)
            {
                _instance ??= new IsolatedLoadContext(folder);
                return _instance.LoadFromAssemblyPath(path);
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (string.Equals(assemblyName.Name, typeof(IsolatedLoadContext).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase)) return null;
            string candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            if (!File.Exists(candidate) || PlatformHas(assemblyName)) return null;
            return LoadFromAssemblyPath(candidate);
        }

        /// <summary>True when the runtime's own assemblies (the trusted platform assemblies) hold this one, at least as new.</summary>
        private static bool PlatformHas(AssemblyName wanted)
        {
            if (!(AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)) return false;
            foreach (string path in list.Split(Path.PathSeparator))
            {
                if (!string.Equals(Path.GetFileNameWithoutExtension(path), wanted.Name, StringComparison.OrdinalIgnoreCase)) continue;
                try
                {
                    Version? platform = AssemblyName.GetAssemblyName(path).Version;
                    return platform != null && (wanted.Version == null || platform >= wanted.Version);
                }
                catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException)
                {
                    return false;
                }
            }
            return false;
        }
    }
}
