using System;
using System.Globalization;

namespace SoData.Archive
{
    /// <summary>
    /// A calendar series of an archive follow: the zone their partitions are cut in, their time steps aligned in and
    /// their timestamps written at, with the run's -From and -To read in it. An archive on one -TimeZone has one; an
    /// archive on the devices' own calendars (-UseDeviceLocalTimezone) has one per device zone, and each series is read,
    /// cut and written on its own device's, so a Paris device's 2024-10-22.csv rows are exactly its Paris day.
    /// </summary>
    internal sealed class ArchiveCalendar
    {
        /// <param name="zoneId">The zone's IANA id, as the state keeps it.</param>
        /// <param name="zone">The zone.</param>
        /// <param name="newSeriesFrom">-From read in the zone (a time without an offset is its wall clock); null when not given.</param>
        /// <param name="to">-To read in the zone, or now: the end of the run's window and the series' new bookmark.</param>
        public ArchiveCalendar(string zoneId, TimeZoneInfo zone, DateTimeOffset? newSeriesFrom, DateTimeOffset to)
        {
            ZoneId = zoneId;
            Zone = zone;
            NewSeriesFrom = newSeriesFrom;
            To = to;
        }

        public string ZoneId { get; }

        public TimeZoneInfo Zone { get; }

        public DateTimeOffset? NewSeriesFrom { get; }

        public DateTimeOffset To { get; }

        /// <summary>The same instant at the zone's offset.</summary>
        public DateTimeOffset InZone(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

        /// <summary>A time as messages show it: the zone's wall clock and offset, whatever the culture.</summary>
        public string Show(DateTimeOffset time) => InZone(time).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

        public override string ToString() => ZoneId;
    }
}
