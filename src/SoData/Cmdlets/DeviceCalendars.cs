using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// -UseDeviceLocalTimezone with -Range, or with a -From/-To without an offset: the device's own calendar. Series are
    /// grouped by their device's time zone (as the API lists the device); each group is read as a query in that zone,
    /// with the range read in it ("yesterday" in Paris for a Paris device), so its time steps and its timestamps' offset
    /// are the device's. A device the API gives no zone for (or one unknown here) is an error naming it, and its series
    /// are not read.
    /// </summary>
    internal sealed class DeviceCalendars
    {
        private readonly Cmdlet _cmdlet;
        private readonly DeviceFacts _facts;
        private readonly Func<TimeZoneInfo, (DateTimeOffset From, DateTimeOffset To)> _rangeIn;
        private readonly Dictionary<string, DatapointsQuery> _queries = new Dictionary<string, DatapointsQuery>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <param name="rangeIn">The range the user gave, read in a zone (-Range, or the wall-clock -From/-To).</param>
        internal DeviceCalendars(Cmdlet cmdlet, DeviceFacts facts, Func<TimeZoneInfo, (DateTimeOffset From, DateTimeOffset To)> rangeIn)
        {
            _cmdlet = cmdlet;
            _facts = facts;
            _rangeIn = rangeIn;
        }

        /// <summary>The zone of every group planned so far, e.g. to stamp a pivot's rows when there is one.</summary>
        internal IReadOnlyCollection<DatapointsQuery> Queries => _queries.Values;

        /// <summary>The series grouped by their device's zone, each group with its query; the series of devices without a zone are left out.</summary>
        internal List<(DatapointsQuery Query, List<DatapointsSeries> Series)> Group(DatapointsQuery query, IReadOnlyList<DatapointsSeries> series)
        {
            var groups = new List<(DatapointsQuery, List<DatapointsSeries>)>();
            var zoneOf = new Dictionary<DatapointsSeries, string>();
            foreach (IGrouping<string, DatapointsSeries> account in series.GroupBy(s => s.CorporateAccountUuid, StringComparer.OrdinalIgnoreCase))
            {
                IReadOnlyDictionary<string, string?> zones;
                try
                {
                    zones = _facts.ZonesOf(account.Key, account.Select(s => s.DeviceUuid));
                }
                catch (Exception ex) when (ex is SoDataApiException || ex is Auth.SoDataAuthenticationException)
                {
                    _cmdlet.WriteOrThrow(ex, account.Key);
                    continue;
                }
                foreach (DatapointsSeries s in account)
                {
                    string? id = zones.TryGetValue(s.DeviceUuid, out string? z) ? z : null;
                    TimeZoneInfo? zone = string.IsNullOrWhiteSpace(id) ? null : DatapointsTimeZones.Find(id!);
                    if (zone == null)
                    {
                        ReportNoZone(s, id);
                        continue;
                    }
                    zoneOf[s] = DatapointsTimeZones.IanaId(id!.Trim());
                }
            }
            foreach (IGrouping<string, DatapointsSeries> same in series.Where(zoneOf.ContainsKey).GroupBy(s => zoneOf[s], StringComparer.OrdinalIgnoreCase))
                groups.Add((QueryIn(query, same.Key), same.ToList()));
            return groups;
        }

        /// <summary>The query of one zone: the user's, with the range read in that zone and the zone as -TimeZone.</summary>
        private DatapointsQuery QueryIn(DatapointsQuery query, string zoneId)
        {
            if (_queries.TryGetValue(zoneId, out DatapointsQuery? known)) return known;
            TimeZoneInfo zone = DatapointsTimeZones.Find(zoneId)!;
            (DateTimeOffset from, DateTimeOffset to) = _rangeIn(zone);
            var inZone = new DatapointsQuery
            {
                From = from,
                To = to,
                Granularity = query.Granularity,
                Aggregation = query.Aggregation,
                TimeZone = zoneId,
                // The zone is the device's own: the API reads the range and cuts the steps in it, and the points carry its offset.
                UseDeviceLocalTimezone = false,
                BatchSize = query.BatchSize,
                MaxPointsPerRequest = query.MaxPointsPerRequest,
                AssumedSamplePeriod = query.AssumedSamplePeriod,
            };
            _cmdlet.WriteVerbose($"Devices in {zoneId}: from {from:o} (inclusive) to {to:o} (exclusive), on their own calendar.");
            _queries[zoneId] = inZone;
            return inZone;
        }

        private void ReportNoZone(DatapointsSeries series, string? id)
        {
            if (!_reported.Add(series.CorporateAccountUuid + "/" + series.DeviceUuid)) return;
            string device = DeviceNames.Describe(series.DeviceUuid, series.DeviceName ?? _facts.NameOf(series.CorporateAccountUuid, series.DeviceUuid));
            string why = string.IsNullOrWhiteSpace(id)
                ? "the API gives no time zone for it"
                : $"its time zone '{id}' is not one this computer knows";
            _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(
                    $"-UseDeviceLocalTimezone: {device} cannot be read on its own calendar: {why}. Its series are not read. Give -TimeZone with the zone the device is in (e.g. -TimeZone Europe/Paris) instead of -UseDeviceLocalTimezone."),
                "DeviceTimeZoneUnknown", ErrorCategory.InvalidData, series.DeviceUuid));
        }
    }
}
