namespace SoData.Cmdlets
{
    /// <summary>How messages name a device: by its name when known, always with its uuid.</summary>
    internal static class DeviceNames
    {
        /// <summary>"device 'Delphys GP2' (uuid)" when the name is known, else "device uuid".</summary>
        public static string Describe(string uuid, string? name) => "device " + Name(uuid, name);

        /// <summary>"'Delphys GP2' (uuid)" when the name is known, else the uuid.</summary>
        public static string Name(string uuid, string? name) => string.IsNullOrEmpty(name) ? uuid : $"'{name}' ({uuid})";
    }
}
