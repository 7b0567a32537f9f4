using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace SoData
{
    /// <summary>
    /// The default session of each runspace: what Connect-SoData sets and cmdlets use when -Session is not given.
    /// Keyed by runspace so that runspaces (jobs, ForEach-Object -Parallel) never see each other's default.
    /// </summary>
    internal static class SessionStore
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();

        public static SoDataSession? Current
        {
            get
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                return runspace != null && Sessions.TryGetValue(runspace, out Holder holder) ? holder.Session : null;
            }
            set
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                if (runspace == null) return;
                Sessions.GetOrCreateValue(runspace).Session = value;
            }
        }

        private sealed class Holder
        {
            public SoDataSession? Session;
        }
    }
}
