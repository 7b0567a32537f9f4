using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace SoData.Client
{
    /// <summary>
    /// PowerShell 7: an AssemblyLoadContext for the module's private dependencies. It loads what the Dependencies
    /// folder holds and leaves everything else (the framework, SoData.dll itself, PowerShell) to the default context,
    /// so the types the two sides share have one identity. Only touched on .NET Core.
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
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
