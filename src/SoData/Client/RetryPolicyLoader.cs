using System;
using System.Threading;

namespace SoData.Client
{
    /// <summary>
    /// Creates the retry policy of SoData.Resilience.dll, and with it Polly.Core, loaded in isolation
    /// (<see cref="IsolatedDependency"/>) so that they cannot clash with another module's copy.
    /// </summary>
    internal static class RetryPolicyLoader
    {
        private const string AssemblyName = "SoData.Resilience";
        private const string TypeName = "SoData.Resilience.PollyRetryPolicy";
        // PublicationOnly: a failure is not kept, so the next Connect-SoData tries again.
        private static readonly Lazy<Type> PolicyType =
            new Lazy<Type>(() => IsolatedDependency.LoadType(AssemblyName, TypeName), LazyThreadSafetyMode.PublicationOnly);

        public static IRetryPolicy Create(SoDataClientOptions options) =>
            (IRetryPolicy)Activator.CreateInstance(PolicyType.Value, options)!;
    }
}
