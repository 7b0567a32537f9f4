using System;
using System.Collections.Generic;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>What a datapoints command does that its run needs to know; the defaults are Get-SoDataDatapoint's.</summary>
    internal sealed class DatapointsRunOptions
    {
        /// <summary>
        /// The most points a request of a command that writes files holds (Export- and Sync-SoDataDatapoint; Get: 100,000).
        /// Measured with ./build.ps1 Bench (1,000,000 raw points, 8 requests in flight): 100,000 peaked near 280 MB, 20,000
        /// near 190 MB, in the same time.
        /// </summary>
        public const long FilePointsPerRequest = 20_000;

        /// <summary>What a failed request means: SkipBatch (the rest of its batch is dropped, the command goes on) or Abort.</summary>
        public WorkFailure Failure { get; set; } = WorkFailure.SkipBatch;

        /// <summary>The last sentence of a failed request's error ("The rest of this batch is skipped.").</summary>
        public string FailureConsequence { get; set; } = "The rest of this batch is skipped.";

        /// <summary>The most points one request is planned to hold.</summary>
        public long MaxPointsPerRequest { get; set; } = DatapointsPlanner.DefaultMaxPointsPerRequest;

        /// <summary>
        /// True to send nothing before <see cref="DatapointsRun.Finish"/>, then every request window by window (every
        /// batch of window 1, then of window 2...): a pivot written window by window needs all its columns first.
        /// </summary>
        public bool HoldSeriesUntilEnd { get; set; }

        /// <summary>
        /// With <see cref="HoldSeriesUntilEnd"/>: the series in groups, each planned and sent whole before the next, so
        /// that a group's rows come together (a workbook's sheet per device); null for one group.
        /// </summary>
        public Func<IReadOnlyList<DatapointsSeries>, IEnumerable<IReadOnlyList<DatapointsSeries>>>? Groups { get; set; }

        /// <summary>The status line of the progress bar, asked each time it is drawn.</summary>
        public Func<string> Status { get; set; } = () => "Reading datapoints";
    }
}
