using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SoData.Client
{
    /// <summary>
    /// Loads one of the module's own assemblies that wrap a third-party library (SoData.Spreadsheet: SpreadCheetah)
    /// so the library cannot clash with another module's copy: on PowerShell 7 into the module's
    /// <see cref="IsolatedLoadContext"/>; on Windows PowerShell 5.1 by path from the Dependencies folder, whose
    /// strong-named assemblies keep their versions apart. The same scheme as <see cref="RetryPolicyLoader"/>, for any
    /// assembly name; SoData.dll defines the interface the loaded type implements, so only that crosses over.
    /// </summary>
    internal static class IsolatedDependency
    {
        private static readonly object Gate = new object();
        private static bool _resolverRegistered;

        /// <summary>The type <paramref name="typeName"/> of Dependencies/<paramref name="assemblyName"/>.dll (or beside SoData.dll, in tests).</summary>
        public static Type LoadType(string assemblyName, string typeName)
        {
            string moduleFolder = Path.GetDirectoryName(typeof(IsolatedDependency).Assembly.Location)!;
            string dependencies = Path.Combine(moduleFolder, "Dependencies");
            string folder = File.Exists(Path.Combine(dependencies, assemblyName + ".dll")) ? dependencies : moduleFolder;
            string path = Path.Combine(folder, assemblyName + ".dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The SoData module is incomplete: {path} is missing. Rebuild it with ./build.ps1 Build.", path);

            Assembly assembly = HasLoadContexts ? LoadIsolated(folder, path) : LoadOnNetFramework(folder, path);
            return assembly.GetType(typeName, throwOnError: true)!;
        }

        /// <summary>.NET (Core), whose core library is System.Private.CoreLib; not the .NET Framework nor Mono (mscorlib).</summary>
        private static bool HasLoadContexts =>
            string.Equals(typeof(object).Assembly.GetName().Name, "System.Private.CoreLib", StringComparison.Ordinal);

        // A method of its own, so that compiling LoadType on the .NET Framework (or Mono) never touches AssemblyLoadContext.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Assembly LoadIsolated(string folder, string path) => IsolatedLoadContext.LoadIsolated(folder, path);

        private static Assembly LoadOnNetFramework(string folder, string path)
        {
            lock (Gate)
            {
                if (!_resolverRegistered)
                {
                    // The folder's assemblies for references the loader does not find by itself; never an older version.
                    AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                    {
                        var wanted = new AssemblyName(args.Name);
                        string candidate = Path.Combine(folder, wanted.Name + ".dll");
                        if (!File.Exists(candidate)) return null;
                        Version? shipped = AssemblyName.GetAssemblyName(candidate).Version;
                        return wanted.Version == null || (shipped != null && shipped >= wanted.Version) ? Assembly.LoadFrom(candidate) : null;
                    };
                    _resolverRegistered = true;
                }
            }
            return Assembly.LoadFrom(path);
        }
    }
}
