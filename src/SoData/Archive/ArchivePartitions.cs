using System;
using System.Globalization;
using SoData.Client;

namespace SoData.Archive
{
    /// <summary>How an archive cuts time into files, on the calendar of its time zone.</summary>
    public enum ArchivePartition
    {
        /// <summary>One file per calendar day: 2024-05-01.csv.</summary>
        Day,

        /// <summary>One file per calendar month: 2024-05.csv.</summary>
        Month,
    }

    /// <summary>
    /// Partition names and edges, and the time-step edges a read must start on. Everything is cut on the wall clock of
    /// the archive's zone, so a point belongs to the day (or month) a person in that zone would say, DST included:
    /// 2024-03-31T22:30Z is 2024-04-01 00:30 in Paris, so it lands in 2024-04, not 2024-03.
    /// </summary>
    internal static class ArchivePartitions
    {
        /// <summary>The partition's name (no extension) of a point at <paramref name="time"/>.</summary>
        public static string Name(DateTimeOffset time, TimeZoneInfo zone, ArchivePartition partition)
        {
            DateTime local = TimeZoneInfo.ConvertTime(time, zone).DateTime;
            return local.ToString(partition == ArchivePartition.Day ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);
        }

        /// <summary>The start of the partition after the one holding <paramref name="time"/>.</summary>
        public static DateTimeOffset NextEdge(DateTimeOffset time, TimeZoneInfo zone, ArchivePartition partition)
        {
            DateTime day = TimeZoneInfo.ConvertTime(time, zone).DateTime.Date;
            DateTime next = partition == ArchivePartition.Day ? day.AddDays(1) : new DateTime(day.Year, day.Month, 1).AddMonths(1);
            DateTimeOffset edge = DatapointsTime.WallClockToInstant(next, zone);
            // A zone whose midnight is skipped by DST could map back onto the start: never a partition of zero length.
            return edge > time ? edge : time.AddDays(1);
        }

        /// <summary>
        /// The start of the time step (bucket) of <paramref name="granularity"/> that holds <paramref name="time"/>: a read
        /// that starts there gets whole buckets, never a partial aggregate that would replace a complete one. Raw: as is.
        /// </summary>
        public static DateTimeOffset StepStart(DateTimeOffset time, Granularity granularity, TimeZoneInfo zone)
        {
            if (granularity == Granularity.Raw) return time;
            DateTimeOffset local = TimeZoneInfo.ConvertTime(time, zone);
            DateTime wall = local.DateTime;
            switch (granularity)
            {
                case Granularity.Minute:
                case Granularity.Hour:
                    // Fixed steps on the local wall clock (offsets such as +05:30 included), as the API buckets them.
                    long size = granularity == Granularity.Minute ? TimeSpan.TicksPerMinute : TimeSpan.TicksPerHour;
                    return new DateTimeOffset(wall.Ticks - wall.Ticks % size, local.Offset).ToOffset(time.Offset);
                case Granularity.Day:
                    return DatapointsTime.WallClockToInstant(wall.Date, zone);
                case Granularity.Week:
                    return DatapointsTime.WallClockToInstant(wall.Date.AddDays(-(((int)wall.DayOfWeek + 6) % 7)), zone);
                case Granularity.Month:
                    return DatapointsTime.WallClockToInstant(new DateTime(wall.Year, wall.Month, 1), zone);
                default:
                    return DatapointsTime.WallClockToInstant(new DateTime(wall.Year, 1, 1), zone);
            }
        }
    }
}
