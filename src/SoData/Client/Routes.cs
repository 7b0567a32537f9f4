using System;

namespace SoData.Client
{
    /// <summary>
    /// Every API route in one table, relative to the API URL. Items and data access groups are not in the
    /// vendor guide: if the real API names them differently, the fix is one line here.
    /// </summary>
    internal static class Routes
    {
        /// <summary>The API version's prefix, the one place it is written: a new version is one line.</summary>
        public const string ApiPrefix = "api/v1/";

        public const string CorporateAccounts = ApiPrefix + "ca";

        public static string Customers(string ca) => Account(ca) + "/customers";
        public static string Sites(string ca) => Account(ca) + "/sites";
        public static string Devices(string ca) => Account(ca) + "/devices";
        public static string Items(string ca, string device) => Device(ca, device) + "/items";
        public static string Variables(string ca, string device) => Device(ca, device) + "/variables";
        public static string LastValues(string ca, string device) => Device(ca, device) + "/last-values";
        public static string DataAccessGroups(string ca) => Account(ca) + "/data-access-groups";
        public static string Datapoints(string ca) => Account(ca) + "/datapoints";

        /// <summary>A route typed by a user ("ca", "api/v1/ca", "api/v2/x"): under the API prefix unless it names its own API version.</summary>
        public static string UnderApi(string relative) =>
            relative.StartsWith("api/", StringComparison.OrdinalIgnoreCase) ? relative : ApiPrefix + relative;

        // Every uuid is checked to be one path segment: '..', '%2e%2e' or 'a/b' from a server or a piped object never changes the route.
        private static string Account(string ca) => $"{CorporateAccounts}/{RouteGuard.Segment(ca, "corporate account uuid")}";
        private static string Device(string ca, string device) => $"{Devices(ca)}/{RouteGuard.Segment(device, "device uuid")}";
    }
}
