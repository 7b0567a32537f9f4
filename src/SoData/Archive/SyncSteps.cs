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
}
