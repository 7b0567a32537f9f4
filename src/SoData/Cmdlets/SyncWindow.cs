using System;
using SoData.Archive;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>A series of one Sync-SoDataDatapoint run (see <see cref="DatapointsSync"/>): where it starts, on which calendar, and what it got.</summary>
    internal sealed class SyncWindow
    {
        public SyncWindow(DatapointsSeries series, ArchiveCalendar calendar, DateTimeOffset from, DateTimeOffset? previousBookmark)
        {
            Series = series;
            Calendar = calendar;
            From = from;
            PreviousBookmark = previousBookmark;
        }

        public DatapointsSeries Series { get; }

        /// <summary>The calendar its partitions, steps and timestamps follow: -TimeZone's, or its device's.</summary>
        public ArchiveCalendar Calendar { get; }

        public DateTimeOffset From { get; }
        public DateTimeOffset? PreviousBookmark { get; }
        public bool HadPoints { get; set; }
        public DatapointSyncResult Result { get; } = new DatapointSyncResult();
    }
}
