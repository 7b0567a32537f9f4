using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using SoData.Loading;

namespace SoData.Client
{
    /// <summary>
    /// Loads one of the module's own assemblies that wrap a third-party library (SoData.Resilience: Polly;
    /// SoData.Spreadsheet: SpreadCheetah) so the library cannot clash with another module's copy: on PowerShell 7 into
    /// the module's <see cref="IsolatedLoadContext"/>; on Windows PowerShell 5.1 by path from the Dependencies folder,
    /// whose strong-named assemblies keep their versions apart and whose references the resolver registered at import
    /// (<see cref="DependencyResolver"/>) binds. SoData.dll defines the interface the loaded type implements, so only
    /// that crosses over.
    /// </summary>
    internal static class IsolatedDependency
    {
        /// <summary>The type <paramref name="typeName"/> of Dependencies/<paramref name="assemblyName"/>.dll (or beside SoData.dll, in tests).</summary>
        public static Type LoadType(string assemblyName, string typeName)
        {
            string moduleFolder = Path.GetDirectoryName(typeof(IsolatedDependency).Assembly.Location)!;
            string dependencies = Path.Combine(moduleFolder, "Dependencies");
            string folder = File.Exists(Path.Combine(dependencies, assemblyName + ".dll")) ? dependencies : moduleFolder;
            string path = Path.Combine(folder, assemblyName + ".dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The SoData module is incomplete: {path} is missing. Rebuild it with ./build.ps1 Build.", path);

            Assembly assembly = LoadContexts.Available ? LoadIsolated(folder, path) : Assembly.LoadFrom(path);
            return assembly.GetType(typeName, throwOnError: true)!;
        }

        // Its own method, never inlined: the .NET Framework and Mono compile a method whole, and compiling one that
        // names IsolatedLoadContext (an AssemblyLoadContext) fails there before any check in it could run.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Assembly LoadIsolated(string folder, string path) => IsolatedLoadContext.LoadIsolated(folder, path);
    }
}
