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
        /// <param name="maxDays">
        /// For Raw and Minute, the most calendar days a step may span, so a first sync of a long history holds at most
        /// that many days of new points (a partition is then merged once per step); 0 for no limit.
        /// </param>
        public static List<(DateTimeOffset From, DateTimeOffset To)> Cut(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, ArchivePartition partition, Granularity granularity, int maxDays = 0)
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
                if (maxDays > 0 && (granularity == Granularity.Raw || granularity == Granularity.Minute))
                {
                    // Day edges are step edges of Raw and Minute too: cut the step every maxDays days.
                    DateTimeOffset dayEdge = start;
                    for (int d = 0; d < maxDays && dayEdge < end; d++) dayEdge = ArchivePartitions.NextEdge(dayEdge, zone, ArchivePartition.Day);
                    if (dayEdge < end)
                    {
                        end = dayEdge;
                        edge = dayEdge;
                    }
                }
                steps.Add((start, end));
                start = end;
            }
            return steps;
        }
    }
}
