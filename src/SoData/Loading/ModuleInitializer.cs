using System.Management.Automation;

namespace SoData.Loading
{
    /// <summary>
    /// Runs when Import-Module loads SoData.dll, before any cmdlet touches JSON: on Windows PowerShell 5.1 it registers
    /// the resolver for the module's own dependencies; Remove-Module unregisters it. Nothing on PowerShell 7.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport()
        {
            if (DependencyResolver.IsNeeded) DependencyResolver.Register(DependencyResolver.ModuleFolder);
        }

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyResolver.Unregister();
    }
}
