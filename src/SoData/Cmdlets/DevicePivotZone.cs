using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The zone of a pivot's rows with -UseDeviceLocalTimezone. A pivot row is one instant and its Timestamp has one
    /// offset, so the rows are shown in the zone the columns' devices share: a pivot of Paris devices reads as Paris
    /// wall-clock times at +01:00/+02:00, whatever this computer's zone. Devices in several zones are refused, naming
    /// the zones and their devices: their days and hours would not line up as rows (a Paris day starts six hours before
    /// a New York one), and one offset would misstate the others' local times.
    /// </summary>
    internal static class DevicePivotZone
    {
        /// <summary>
        /// The one zone of the devices of <paramref name="series"/> (asked of the API once per command, none for devices
        /// piped in); null when none has a zone known here (the rows are then in UTC, and a calendar range reports those
        /// devices). Ends the command when they are in several zones.
        /// </summary>
        internal static TimeZoneInfo? Of(Cmdlet cmdlet, DeviceFacts facts, IReadOnlyList<DatapointsSeries> series)
        {
            // Zone (IANA id) -> the devices in it, in the order of the columns.
            var devicesByZone = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (IGrouping<string, DatapointsSeries> account in series.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase))
            {
                IReadOnlyDictionary<string, string?> zoneIds;
                try
                {
                    zoneIds = facts.ZonesOf(account.Key, account.Select(s => s.DeviceUuid));
                }
                catch (Exception ex) when (ex is SoDataApiException || ex is Auth.SoDataAuthenticationException)
                {
                    cmdlet.WriteOrThrow(ex, account.Key);
                    continue;
                }
                foreach (DatapointsSeries s in account.GroupBy(s => s.DeviceUuid, StringComparer.OrdinalIgnoreCase).Select(device => device.First()))
                {
                    string? id = zoneIds.TryGetValue(s.DeviceUuid, out string? z) ? z : null;
                    TimeZoneInfo? zone = string.IsNullOrWhiteSpace(id) ? null : DatapointsTimeZones.Find(id!);
                    if (zone == null) continue;
                    string ianaId = DatapointsTimeZones.IanaId(id!.Trim());
                    zones[ianaId] = zone;
                    if (!devicesByZone.TryGetValue(ianaId, out List<string>? devices)) devicesByZone[ianaId] = devices = new List<string>();
                    devices.Add(DeviceNames.Describe(s.DeviceUuid, s.DeviceName ?? facts.NameOf(s.CorporateAccountUuid, s.DeviceUuid)));
                }
            }
            if (devicesByZone.Count > 1)
            {
                string listed = string.Join("; ", devicesByZone.Select(z => $"{z.Key}: {string.Join(", ", z.Value)}"));
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("PivotAcrossDeviceZones",
                    $"-Pivot with -UseDeviceLocalTimezone: the devices are in {devicesByZone.Count} time zones ({listed}), but a pivot row is one instant with one offset, so their local days and hours would not line up as rows. " +
                    $"Give one zone instead of -UseDeviceLocalTimezone (e.g. -TimeZone {devicesByZone.Keys.First()}), pivot the devices of each zone on their own, or leave out -Pivot.",
                    devicesByZone.Keys.ToArray()));
            }
            return zones.Values.FirstOrDefault();
        }
    }
}
