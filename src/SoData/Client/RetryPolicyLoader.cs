using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SoData.Client
{
    /// <summary>
    /// Loads SoData.Resilience.dll, and with it Polly.Core, so that they cannot clash with another module's copy:
    /// on PowerShell 7 into an AssemblyLoadContext of their own; on Windows PowerShell 5.1 from the module's
    /// Dependencies folder by path (the .NET Framework has no load contexts; strong names keep versions apart).
    /// </summary>
    internal static class RetryPolicyLoader
    {
        private const string AssemblyName = "SoData.Resilience";
        private const string TypeName = "SoData.Resilience.PollyRetryPolicy";
        private static readonly Lazy<Type> PolicyType = new Lazy<Type>(LoadPolicyType);

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

            Assembly assembly = IsNetFramework ? LoadOnNetFramework(folder, path) : IsolatedLoadContext.LoadIsolated(folder, path);
            return assembly.GetType(TypeName, throwOnError: true)!;
        }

        private static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static Assembly LoadOnNetFramework(string folder, string path)
        {
            AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
            {
                string candidate = Path.Combine(folder, new AssemblyName(args.Name).Name + ".dll");
                return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
            };
            return Assembly.LoadFrom(path);
        }
    }
}
