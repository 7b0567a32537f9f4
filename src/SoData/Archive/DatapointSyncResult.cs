using System;

namespace SoData
{
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
