using System;

namespace SoData.Client
{
    /// <summary>
    /// Every API route in one table, relative to the API URL. Items and data access groups are not in the
    /// vendor guide: if the real API names them differently, the fix is one line here.
    /// </summary>
    public static class Routes
    {
        public const string CorporateAccounts = "api/v1/ca";

        public static string Customers(string ca) => $"api/v1/ca/{Segment(ca)}/customers";
        public static string Sites(string ca) => $"api/v1/ca/{Segment(ca)}/sites";
        public static string Devices(string ca) => $"api/v1/ca/{Segment(ca)}/devices";
        public static string Items(string ca, string device) => $"api/v1/ca/{Segment(ca)}/devices/{Segment(device)}/items";
        public static string Variables(string ca, string device) => $"api/v1/ca/{Segment(ca)}/devices/{Segment(device)}/variables";
        public static string LastValues(string ca, string device) => $"api/v1/ca/{Segment(ca)}/devices/{Segment(device)}/last-values";
        public static string DataAccessGroups(string ca) => $"api/v1/ca/{Segment(ca)}/data-access-groups";
        public static string Datapoints(string ca) => $"api/v1/ca/{Segment(ca)}/datapoints";

        private static string Segment(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("A route segment cannot be empty.", nameof(value));
            return Uri.EscapeDataString(value);
        }
    }
}
