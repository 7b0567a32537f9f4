using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using SoData.Loading;

namespace SoData.Client
{
    /// <summary>
    /// Loads SoData.Resilience.dll, and with it Polly.Core, so that they cannot clash with another module's copy:
    /// on PowerShell 7 into an AssemblyLoadContext of their own; on Windows PowerShell 5.1 from the module's
    /// Dependencies folder by path (the .NET Framework has no load contexts; strong names keep versions apart, and the
    /// resolver registered at import, <see cref="DependencyResolver"/>, binds what they reference).
    /// </summary>
    internal static class RetryPolicyLoader
    {
        private const string AssemblyName = "SoData.Resilience";
        private const string TypeName = "SoData.Resilience.PollyRetryPolicy";
        // PublicationOnly: a failure is not kept, so the next Connect-SoData tries again.
        private static readonly Lazy<Type> PolicyType = new Lazy<Type>(LoadPolicyType, System.Threading.LazyThreadSafetyMode.PublicationOnly);

        public static IRetryPolicy Create(SoDataClientOptions options) =>
            (IRetryPolicy)Activator.CreateInstance(PolicyType.Value, options)!;

        /// <summary>The folder of the isolated dependencies: Dependencies beside SoData.dll, or beside it (tests).</summary>
        internal static string DependencyFolder
        {
            get
            {
                string moduleFolder = Path.GetDirectoryName(typeof(RetryPolicyLoader).Assembly.Location)!;
                string dependencies = Path.Combine(moduleFolder, "Dependencies");
                return File.Exists(Path.Combine(dependencies, AssemblyName + ".dll")) ? dependencies : moduleFolder;
            }
        }

        private static Type LoadPolicyType()
        {
            string folder = DependencyFolder;
            string path = Path.Combine(folder, AssemblyName + ".dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The SoData module is incomplete: {path} is missing. Rebuild it with ./build.ps1 Build.", path);

            Assembly assembly = LoadContexts.Available ? LoadIsolated(folder, path) : Assembly.LoadFrom(path);
            return assembly.GetType(TypeName, throwOnError: true)!;
        }

        // Its own method, never inlined: the .NET Framework and Mono compile a method whole, and compiling one that
        // names IsolatedLoadContext (an AssemblyLoadContext) fails there before any check in it could run.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Assembly LoadIsolated(string folder, string path) => IsolatedLoadContext.LoadIsolated(folder, path);
    }
}
