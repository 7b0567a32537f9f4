using System;
using System.IO;
using System.Reflection;

namespace SoData.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework, and Mono): that runtime binds strong-named references to the exact
    /// version and powershell.exe.config has no binding redirects, while the module's dependencies ask for each other in
    /// versions other than the ones shipped (System.Memory wants Unsafe 4.0.4.1, System.Text.Json wants 6.0.0.0). This
    /// AppDomain resolver answers those requests with the module's own files (<see cref="ShippedAssemblies"/>) and
    /// nothing else. Registered by the module's initializer at import; PowerShell 7 uses a load context instead.
    /// </summary>
    internal static class DependencyResolver
    {
        private static readonly object Gate = new object();
        private static ShippedAssemblies? _shipped;

        /// <summary>True where assemblies are not loaded through load contexts (.NET Framework, Mono): there the resolver is needed.</summary>
        public static bool IsNeeded => !LoadContexts.Available;

        public static void Register(string moduleFolder)
        {
            lock (Gate)
            {
                if (_shipped != null) return;
                _shipped = ShippedAssemblies.OfModule(moduleFolder);
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (_shipped == null) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                _shipped = null;
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            ShippedAssemblies? shipped = _shipped;
            if (shipped == null) return null;
            ShippedAssembly? found = shipped.Find(new AssemblyName(args.Name));
            if (found == null) return null;
            // The copy already loaded, when there is one: a second copy of the same identity would split its types.
            string identity = found.Identity.FullName;
            foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(loaded.FullName, identity, StringComparison.OrdinalIgnoreCase)) return loaded;
            }
            return Assembly.LoadFrom(found.Path);
        }

        /// <summary>The folder SoData.dll was loaded from.</summary>
        public static string ModuleFolder => Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location)!;
    }
}
