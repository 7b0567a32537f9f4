using System;
using System.Net;
using SoData.Loading;

namespace SoData.Client
{
    /// <summary>
    /// Windows PowerShell 5.1: the .NET Framework's HttpClient goes through ServicePointManager, which allows 2
    /// connections per host by default, so -ThrottleLimit 8 would be 2 requests on the wire and 6 waiting out their
    /// attempt timeout in a queue. The API host's limit is raised to the largest -ThrottleLimit in use, never lowered.
    /// .NET Core's handler has no such cap.
    /// </summary>
    internal static class ConnectionLimit
    {
        /// <summary>The connection limit to set, or null to leave <paramref name="current"/> as it is.</summary>
        public static int? Raise(bool servicePointsApply, int current, int concurrentRequests) =>
            servicePointsApply && concurrentRequests > current ? concurrentRequests : (int?)null;

        /// <summary>Lets at least <paramref name="concurrentRequests"/> requests to <paramref name="apiUrl"/> be on the wire at once.</summary>
        public static void AtLeast(Uri apiUrl, IWebProxy? proxy, int concurrentRequests)
        {
            bool servicePointsApply = !LoadContexts.Available;
            if (!servicePointsApply) return;
            ServicePoint point = proxy == null ? ServicePointManager.FindServicePoint(apiUrl) : ServicePointManager.FindServicePoint(apiUrl, proxy);
            lock (point)
            {
                int? limit = Raise(servicePointsApply, point.ConnectionLimit, concurrentRequests);
                if (limit != null) point.ConnectionLimit = limit.Value;
            }
        }
    }
}
