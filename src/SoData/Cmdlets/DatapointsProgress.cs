using System;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The progress of a datapoints command: the command's bar, with the share of the requests planned so far that are
    /// done, and under it the current batch's, with its window. Nothing for a single request, which a person does not
    /// wait on.
    /// </summary>
    internal sealed class DatapointsProgress
    {
        private readonly Cmdlet _cmdlet;
        private readonly string _activity;
        private int _id;

        /// <param name="activity">The command's bar's title: the command's name.</param>
        internal DatapointsProgress(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _activity = activity;
        }

        /// <param name="batch">The chunk's batch, numbered across the whole command.</param>
        internal void Write(DatapointsChunk chunk, int batch, int batches, int done, int planned, string status)
        {
            if (planned <= 1) return;
            if (_id == 0) _id = Math.Abs(_cmdlet.GetHashCode() % 100000) + 1;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, status)
            {
                PercentComplete = Math.Min(100, (int)(100.0 * done / planned)),
                CurrentOperation = $"Request {Math.Min(done + 1, planned)} of {planned}",
            });
            _cmdlet.WriteProgress(new ProgressRecord(_id + 1, $"Batch {batch} of {Math.Max(batch, batches)} ({chunk.Series.Count} series)",
                $"Window {chunk.WindowNumber} of {chunk.WindowCount}: {chunk.From:yyyy-MM-dd HH:mm} to {chunk.To:yyyy-MM-dd HH:mm} ({chunk.From.Offset})")
            {
                ParentActivityId = _id,
                PercentComplete = Math.Min(100, (int)(100.0 * (chunk.WindowNumber - 1) / Math.Max(1, chunk.WindowCount))),
            });
        }

        /// <summary>Takes both bars down.</summary>
        internal void Complete()
        {
            if (_id == 0) return;
            _cmdlet.WriteProgress(new ProgressRecord(_id + 1, "Batch", "Done") { ParentActivityId = _id, RecordType = ProgressRecordType.Completed });
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
