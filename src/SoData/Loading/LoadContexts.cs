using System;

namespace SoData.Loading
{
    /// <summary>Whether this runtime has AssemblyLoadContext (.NET Core, PowerShell 7) or not (.NET Framework and Mono, Windows PowerShell 5.1).</summary>
    internal static class LoadContexts
    {
        // Asked of the core library itself, by name: a check that named the type would need System.Runtime.Loader,
        // which .NET Framework and Mono do not have; and Mono must take the .NET Framework branch, whatever it calls itself.
        public static bool Available { get; } =
            typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false) != null;
    }
}
