using System;
using System.Collections.Generic;
using SoData.Client;

namespace SoData.Output
{
    /// <summary>
    /// The pivot of Get-SoDataDatapoint -Pivot and Export-SoDataDatapoint -Pivot: one row per timestamp, in time order,
    /// with a value column per series (null where a series has no point), headed by <see cref="PivotHeaders.Labels"/>.
    /// Points are added in any order; <see cref="TakeRows"/> hands over the rows so far and forgets them, so a caller
    /// reading window by window holds one window at a time.
    /// </summary>
    public sealed class PivotTable
    {
        private readonly Dictionary<string, int> _column = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly SortedDictionary<DateTimeOffset, double?[]> _rows = new SortedDictionary<DateTimeOffset, double?[]>();
        private readonly TimeZoneInfo? _zone;

        /// <param name="series">The columns, in order.</param>
        /// <param name="zone">The zone of the rows' timestamps; null for UTC (the device's own zone, or a zone unknown here).</param>
        /// <param name="headerTemplate">How columns are named (see <see cref="PivotHeaders"/>); null for the default.</param>
        internal PivotTable(IReadOnlyList<DatapointsSeries> series, TimeZoneInfo? zone, string? headerTemplate = null)
        {
            for (int i = 0; i < series.Count; i++) _column[series[i].Key] = i;
            Labels = PivotHeaders.Labels(series, headerTemplate);
            _zone = zone;
        }

        /// <summary>The value columns' headers, in the order of the series.</summary>
        public IReadOnlyList<string> Labels { get; }

        /// <summary>True when the timestamps are in a zone known here; false when they are in UTC for want of one.</summary>
        public bool HasZone => _zone != null;

        /// <summary>Rows held (timestamps seen since the last <see cref="TakeRows"/>).</summary>
        public int Count => _rows.Count;

        /// <summary>Adds a point to its timestamp's row; a point of a series that is not a column is ignored.</summary>
        public void Add(DataPoint point)
        {
            if (!_column.TryGetValue(DatapointsSeries.KeyOf(point), out int index)) return;
            if (!_rows.TryGetValue(point.Timestamp, out double?[]? row)) _rows[point.Timestamp] = row = new double?[_column.Count];
            row[index] = point.Value;
        }

        public void AddRange(IEnumerable<DataPoint> points)
        {
            foreach (DataPoint point in points) Add(point);
        }

        /// <summary>The rows held, in time order, with their timestamp in the zone; then they are forgotten.</summary>
        public List<PivotRow> TakeRows()
        {
            var rows = new List<PivotRow>(_rows.Count);
            foreach (KeyValuePair<DateTimeOffset, double?[]> row in _rows)
            {
                DateTimeOffset timestamp = _zone != null ? TimeZoneInfo.ConvertTime(row.Key, _zone) : row.Key.ToUniversalTime();
                rows.Add(new PivotRow(timestamp, row.Value));
            }
            _rows.Clear();
            return rows;
        }
    }

    /// <summary>One row of a <see cref="PivotTable"/>: a timestamp and a value (or null) per series.</summary>
    public readonly struct PivotRow
    {
        public PivotRow(DateTimeOffset timestamp, double?[] values)
        {
            Timestamp = timestamp;
            Values = values;
        }

        public DateTimeOffset Timestamp { get; }
        public IReadOnlyList<double?> Values { get; }
    }
}
