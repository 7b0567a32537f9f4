using System;

namespace SoData.Client
{
    /// <summary>
    /// The bounds on what a datapoints command asks: no range into the future (there is no data there yet, and a
    /// -To of 9999-12-31 would be planned as millions of windows), and a warning when a plan is large.
    /// </summary>
    internal static class DatapointsLimits
    {
        /// <summary>A command that plans more requests than this says so, once, with the count, before sending them.</summary>
        public const int LargePlan = 1000;

        /// <summary>Why a range cannot be read at <paramref name="now"/> (it starts in the future), naming -From; null when it can.</summary>
        public static string? FutureStart(DateTimeOffset from, DateTimeOffset now) =>
            from >= now
                ? $"-From ({from:o}) is not in the past (now is {now.ToOffset(from.Offset):o}): there is no data after now. Give a -From before now."
                : null;

        /// <summary><paramref name="to"/>, or now when it is later: the windows after now would only ask for data that does not exist yet.</summary>
        public static DateTimeOffset CutAtNow(DateTimeOffset to, DateTimeOffset now) => to > now ? now.ToOffset(to.Offset) : to;

        /// <summary>The warning of a large plan: how many requests, of what, and how to send fewer.</summary>
        public static string LargePlanWarning(long requests, int series, int windows) =>
            $"This command plans {requests} requests (more than {LargePlan}); the latest batch alone is {series} series over {windows} window(s). " +
            "They will all be sent: to send fewer, narrow -From and -To, use a coarser -Granularity (each window of Raw or Minute is one day), " +
            "or raise -BatchSize; Ctrl+C stops the command.";
    }
}
