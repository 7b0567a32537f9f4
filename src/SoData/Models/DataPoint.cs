using System;

namespace SoData
{
    /// <summary>The time step of a datapoints request (guide 5.8.3). Raw means every sample as stored, no aggregation.</summary>
    public enum Granularity
    {
        Raw,
        Minute,
        Hour,
        Day,
        Week,
        Month,
        Year,
    }

    /// <summary>What is computed over each time step when the granularity is not Raw. Var and Stdev are the API's variance and deviation.</summary>
    public enum Aggregation
    {
        Avg,
        Min,
        Max,
        Count,
        Sum,
        Var,
        Stdev,
    }

    /// <summary>
    /// One point of one series, as Get-SoDataDatapoint writes it: flat, so Export-Csv gives one clean row per point.
    /// For an aggregated request the Timestamp is the start of the time step.
    /// </summary>
    public sealed class DataPoint
    {
        public DateTimeOffset Timestamp { get; set; }

        /// <summary>The value; null when the API sent none for this time.</summary>
        public double? Value { get; set; }

        public string? DeviceUuid { get; set; }

        /// <summary>The device's name, when known (from a piped variable or device).</summary>
        public string? DeviceName { get; set; }

        /// <summary>The variable's title, when known (from a piped variable).</summary>
        public string? Title { get; set; }

        public string? Unit { get; set; }
        public string? ItemType { get; set; }
        public int ItemIndex { get; set; }
        public int ServiceId { get; set; }

        /// <summary>The mapping config Item|Index|ServiceId.</summary>
        public string? StreamRef { get; set; }

        public Granularity Granularity { get; set; }

        /// <summary>Null for Raw.</summary>
        public Aggregation? Aggregation { get; set; }

        public string? CorporateAccountUuid { get; set; }

        public override string ToString() => $"{StreamRef} {Timestamp:o} {Value}";
    }
}
