using System;

namespace SoData
{
    /// <summary>
    /// A calendar period in the query's time zone, so a report needs no date arithmetic: each is whole days (weeks
    /// start on Monday, as ISO 8601), from midnight to midnight, the current one included up to its end.
    /// </summary>
    public enum CalendarRange
    {
        Today,
        Yesterday,
        Last7Days,
        ThisWeek,
        LastWeek,
        ThisMonth,
        LastMonth,
        ThisYear,
        LastYear,
    }
}

namespace SoData.Client
{
    /// <summary>
    /// How the times a user types become instants. The rule, the same on every host: a DateTime of kind Utc or Local
    /// (Get-Date) and a DateTimeOffset are instants; a DateTime of kind Unspecified ('2022-05-18', [datetime]'...')
    /// is a wall-clock time in the query's time zone, so a report reads the same rows whatever the host's own zone.
    /// </summary>
    internal static class DatapointsTime
    {
        /// <summary>True when <paramref name="time"/> needs a time zone to mean an instant.</summary>
        public static bool IsWallClock(DateTime time) => time.Kind == DateTimeKind.Unspecified;

        /// <summary>The instant <paramref name="time"/> means: as is for Utc and Local, a wall-clock time in <paramref name="zone"/> for Unspecified.</summary>
        public static DateTimeOffset ToInstant(DateTime time, TimeZoneInfo zone)
        {
            if (!IsWallClock(time)) return new DateTimeOffset(time);
            return WallClockToInstant(time, zone);
        }

        /// <summary>
        /// A wall-clock time in <paramref name="zone"/> to an instant, at the offset the zone has then: a time skipped
        /// by DST moves forward; an ambiguous one (the repeated hour) takes its first occurrence.
        /// </summary>
        public static DateTimeOffset WallClockToInstant(DateTime local, TimeZoneInfo zone)
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            for (int i = 0; i < 8 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(30);
            TimeSpan offset = zone.IsAmbiguousTime(local) ? Max(zone.GetAmbiguousTimeOffsets(local)) : zone.GetUtcOffset(local);
            return new DateTimeOffset(local, offset);
        }

        /// <summary>The instant <paramref name="time"/> as seen in <paramref name="zone"/>: same instant, the zone's offset.</summary>
        public static DateTimeOffset InZone(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone);

        /// <summary>[From, To) of <paramref name="range"/> in <paramref name="zone"/>, for the day <paramref name="now"/> falls on there.</summary>
        public static (DateTimeOffset From, DateTimeOffset To) Range(CalendarRange range, TimeZoneInfo zone, DateTimeOffset now)
        {
            DateTime today = TimeZoneInfo.ConvertTime(now, zone).DateTime.Date;
            DateTime monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            DateTime month = new DateTime(today.Year, today.Month, 1);
            DateTime year = new DateTime(today.Year, 1, 1);
            (DateTime from, DateTime to) = range switch
            {
                CalendarRange.Today => (today, today.AddDays(1)),
                CalendarRange.Yesterday => (today.AddDays(-1), today),
                CalendarRange.Last7Days => (today.AddDays(-7), today),
                CalendarRange.ThisWeek => (monday, monday.AddDays(7)),
                CalendarRange.LastWeek => (monday.AddDays(-7), monday),
                CalendarRange.ThisMonth => (month, month.AddMonths(1)),
                CalendarRange.LastMonth => (month.AddMonths(-1), month),
                CalendarRange.ThisYear => (year, year.AddYears(1)),
                CalendarRange.LastYear => (year.AddYears(-1), year),
                _ => throw new ArgumentOutOfRangeException(nameof(range), range, null),
            };
            return (WallClockToInstant(from, zone), WallClockToInstant(to, zone));
        }

        private static TimeSpan Max(TimeSpan[] offsets)
        {
            TimeSpan max = offsets[0];
            foreach (TimeSpan offset in offsets) if (offset > max) max = offset;
            return max;
        }
    }
}
