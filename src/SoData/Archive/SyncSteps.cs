using System;
using System.Collections.Generic;

namespace SoData.Archive
{
    /// <summary>
    /// Cuts a sync's range into steps, one partition each (a read, a merge, a rename), so a run holds only one
    /// partition's new points in memory and a run killed mid-way has finished whole partitions. A step's edges are
    /// partition edges moved back to the start of the time step that holds them: an aggregate (a week, a month) is never
    /// read in two halves, each of which would replace the other.
    /// </summary>
    internal static class SyncSteps
    {
        public static List<(DateTimeOffset From, DateTimeOffset To)> Cut(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, ArchivePartition partition, Granularity granularity)
        {
            var steps = new List<(DateTimeOffset, DateTimeOffset)>();
            DateTimeOffset start = ArchivePartitions.StepStart(from, granularity, zone);
            DateTimeOffset edge = start;
            while (start < to)
            {
                // The next partition edge whose time step starts after this step's start.
                DateTimeOffset end;
                do
                {
                    edge = ArchivePartitions.NextEdge(edge, zone, partition);
                    end = ArchivePartitions.StepStart(edge, granularity, zone);
                }
                while (end <= start && edge < to);
                if (end <= start || end > to) end = to;
                steps.Add((start, end));
                start = end;
            }
            return steps;
        }
    }

    /// <summary>What one sync did to one series: the object Sync-SoDataDatapoint writes per series.</summary>
    public sealed class DatapointSyncResult
    {
        public string? DeviceUuid { get; set; }
        public string? DeviceName { get; set; }

        /// <summary>The mapping config Item|Index|ServiceId.</summary>
        public string? StreamRef { get; set; }

        /// <summary>Points new to the archive.</summary>
        public long Added { get; set; }

        /// <summary>Of <see cref="Added"/>, points for a time a previous run had already covered (uploaded late).</summary>
        public long Late { get; set; }

        /// <summary>The earliest and latest timestamps of the points added; null when none was.</summary>
        public DateTimeOffset? FirstNew { get; set; }

        public DateTimeOffset? LastNew { get; set; }

        /// <summary>Where the next run reads from (minus -Lookback): the end of this run's window.</summary>
        public DateTimeOffset Bookmark { get; set; }

        public string? CorporateAccountUuid { get; set; }

        public override string ToString() => $"{DeviceName ?? DeviceUuid} {StreamRef}: {Added} added";
    }
}
