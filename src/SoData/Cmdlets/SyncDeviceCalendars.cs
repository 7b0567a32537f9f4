using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Archive;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Sync-SoDataDatapoint -UseDeviceLocalTimezone: the calendar of each series is its device's zone. A series the
    /// archive knows keeps the zone its state records (the one it was first archived in), so its points always land in
    /// the same partitions, even if the device's zone changes later; a new series takes its device's zone as the API
    /// lists it (one listing per corporate account, none for devices piped in). A device without a zone known here is
    /// an error naming it, and its series are not synced (no bookmark: a later run can still start them).
    /// </summary>
    internal sealed class SyncDeviceCalendars
    {
        private readonly Cmdlet _cmdlet;
        private readonly DeviceFacts _facts;
        private readonly Func<TimeZoneInfo, (DateTimeOffset? From, DateTimeOffset To)> _rangeIn;
        private readonly Dictionary<string, ArchiveCalendar> _byZone = new Dictionary<string, ArchiveCalendar>(StringComparer.OrdinalIgnoreCase);

        /// <param name="rangeIn">-From (null when not given) and -To read in a zone: a time without an offset is its wall clock.</param>
        internal SyncDeviceCalendars(Cmdlet cmdlet, DeviceFacts facts, Func<TimeZoneInfo, (DateTimeOffset? From, DateTimeOffset To)> rangeIn)
        {
            _cmdlet = cmdlet;
            _facts = facts;
            _rangeIn = rangeIn;
        }

        /// <summary>The calendar of each series (by <see cref="DatapointsSeries.Key"/>); the series of devices without a zone are reported and left out.</summary>
        internal Dictionary<string, ArchiveCalendar> Of(IReadOnlyList<DatapointsSeries> series, ArchiveState state)
        {
            var calendars = new Dictionary<string, ArchiveCalendar>(StringComparer.Ordinal);
            var newSeries = new List<DatapointsSeries>();
            foreach (DatapointsSeries s in series)
            {
                string key = ArchiveSeriesState.KeyOf(s.CorporateAccountUuid, s.DeviceUuid, s.Ref.ToString());
                if (!state.Series.TryGetValue(key, out ArchiveSeriesState? known) || known.TimeZone == null)
                {
                    newSeries.Add(s);
                    continue;
                }
                TimeZoneInfo? zone = DatapointsTimeZones.Find(known.TimeZone);
                if (zone == null)
                {
                    _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(
                            $"{s}: the archive keeps this series on the calendar of '{known.TimeZone}', a time zone this computer does not know. It was not synced; run the sync on a computer that knows the zone."),
                        "ArchivedTimeZoneUnknown", ErrorCategory.InvalidData, s.Ref.ToString()));
                    continue;
                }
                calendars[s.Key] = CalendarOf(known.TimeZone, zone);
            }

            foreach (IGrouping<string, DatapointsSeries> account in newSeries.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase))
            {
                IReadOnlyDictionary<string, string?> zones;
                try
                {
                    zones = _facts.ZonesOf(account.Key, account.Select(s => s.DeviceUuid));
                }
                catch (Exception ex) when (ex is SoDataApiException || ex is Auth.SoDataAuthenticationException)
                {
                    // As a failed datapoints request: the run stops before any file is touched, the state keeps its bookmarks.
                    _cmdlet.ThrowTerminatingError(ErrorRecords.From(ex, account.Key));
                    throw;
                }
                var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (DatapointsSeries s in account)
                {
                    string? id = zones.TryGetValue(s.DeviceUuid, out string? z) ? z : null;
                    TimeZoneInfo? zone = string.IsNullOrWhiteSpace(id) ? null : DatapointsTimeZones.Find(id!);
                    if (zone != null) calendars[s.Key] = CalendarOf(DatapointsTimeZones.IanaId(id!.Trim()), zone);
                    else if (reported.Add(s.DeviceUuid)) ReportNoZone(s, id);
                }
            }
            return calendars;
        }

        private ArchiveCalendar CalendarOf(string zoneId, TimeZoneInfo zone)
        {
            if (_byZone.TryGetValue(zoneId, out ArchiveCalendar? known)) return known;
            (DateTimeOffset? from, DateTimeOffset to) = _rangeIn(zone);
            var calendar = new ArchiveCalendar(zoneId, zone, from.HasValue ? TimeZoneInfo.ConvertTime(from.Value, zone) : (DateTimeOffset?)null, TimeZoneInfo.ConvertTime(to, zone));
            _byZone[zoneId] = calendar;
            _cmdlet.WriteVerbose($"Devices in {zoneId}: their partitions, time steps and timestamps on its calendar" +
                (from.HasValue ? $", -From {calendar.Show(from.Value)}" : string.Empty) + $", -To {calendar.Show(to)}.");
            return calendar;
        }

        private void ReportNoZone(DatapointsSeries series, string? id)
        {
            string device = DeviceNames.Describe(series.DeviceUuid, series.DeviceName ?? _facts.NameOf(series.CorporateAccountUuid, series.DeviceUuid));
            string why = string.IsNullOrWhiteSpace(id) ? "the API gives no time zone for it" : $"its time zone '{id}' is not one this computer knows";
            _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(
                    $"-UseDeviceLocalTimezone: {device} cannot be archived on its own calendar: {why}. Its series were not synced (they get no bookmark). " +
                    "Sync it into an archive on one zone instead (another -Path, with -TimeZone)."),
                "DeviceTimeZoneUnknown", ErrorCategory.InvalidData, series.DeviceUuid));
        }
    }
}
