using System;

namespace SoData.Loading
{
    /// <summary>Whether this runtime has AssemblyLoadContext (.NET Core, PowerShell 7) or not (.NET Framework and Mono, Windows PowerShell 5.1).</summary>
    internal static class LoadContexts
    {
        // Asked of the core library itself, not of the System.Runtime.Loader facade the module ships: the facade's
        // types exist on paper everywhere, the load context only where the runtime implements it.
        public static bool Available { get; } =
            typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false) != null;
    }
}
