using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SoData.Client;
using SoData.Cmdlets.Completers;
using SoData.Output;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Reads history (raw or aggregated) of variables: PUT ca/{ca}/datapoints. Piped series are collected and sent
    /// together, up to -BatchSize series of one corporate account per request; long ranges are cut into windows
    /// (see <see cref="DatapointsPlanner"/>). Writes one SoData.DataPoint per point as each response arrives, or
    /// with -Pivot one row per timestamp with a column per series.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SoDataDatapoint", DefaultParameterSetName = VariableSet)]
    [OutputType(typeof(DataPoint), ParameterSetName = new[] { VariableSet, DeviceUuidSet, DeviceSet })]
    [OutputType(typeof(PSObject))]
    public sealed class GetSoDataDatapointCommand : SoDataCmdlet, ICorporateAccountParameters, IDatapointsParameters, ICountsPipedRows, IDynamicParameters
    {
        private readonly DatapointsRun _run;

        public GetSoDataDatapointCommand()
        {
            var accounts = new CorporateAccountScope(this, Async, () => ActiveSession, Input, this);
            _run = new DatapointsRun(this, Async, Input, "Get-SoDataDatapoint", this, accounts.Resolve, accounts.Describe, OnPoints);
        }

        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";

        private readonly List<DataPoint> _pivotPoints = new List<DataPoint>();

        private readonly PipedObjectCounter _pipedObjects = new PipedObjectCounter();

        PipedObjectCounter ICountsPipedRows.PipedObjects => _pipedObjects;

        /// <summary>A hidden parameter that counts piped rows, so that errors name them (see <see cref="ICountsPipedRows"/>).</summary>
        public object GetDynamicParameters() => _pipedObjects.DynamicParameter(VariableSet, DeviceUuidSet);

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the output.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyCollection]
        // A device or anything else that is not a series becomes a stand-in the cmdlet refuses in words (see SeriesInputAttribute).
        [SeriesInput]
        public Variable[]? InputObject { get; set; }

        /// <summary>Devices from Get-SoDataDevice, read with -Series.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyCollection]
        public Device[]? Device { get; set; }

        /// <summary>A device uuid, read with -Series; binds from a piped device or a CSV column.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Uuid]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string? DeviceUuid { get; set; }

        /// <summary>Carried from a piped device so that points and pivot columns can name it.</summary>
        [Parameter(ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DeviceName { get; set; }

        /// <summary>Mapping configs Item|Index|ServiceId, e.g. 'Global|0|140100','Unit|1|140108'.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceUuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamRef")]
        [NotEmpty]
        [SeriesRef]
        [ArgumentCompleter(typeof(StreamRefCompleter))]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Series { get; set; }

        /// <summary>
        /// Start of the range, inclusive. Default: 24 hours before -To. A date or time without an offset ('2022-05-18',
        /// [datetime]'2022-05-18 06:00') is a wall-clock time in -TimeZone (UTC by default), whatever this computer's own
        /// zone; a DateTimeOffset, a time with an offset or Z ('2022-05-18T00:00:00+02:00'), or a DateTime of kind Utc or
        /// Local (Get-Date, (Get-Date).AddHours(-1)) is that instant.
        /// </summary>
        [Parameter]
        [PointInTime]
        public DateTime From { get; set; }

        /// <summary>End of the range, exclusive (a point at exactly -To is not returned). Default: now. Read like -From.</summary>
        [Parameter]
        [PointInTime]
        public DateTime To { get; set; }

        /// <summary>
        /// A calendar period in -TimeZone instead of -From and -To: Today, Yesterday, Last7Days (the 7 days before today),
        /// ThisWeek, LastWeek (weeks start on Monday), ThisMonth, LastMonth, ThisYear, LastYear. Whole days, midnight to midnight.
        /// </summary>
        [Parameter]
        public CalendarRange Range { get; set; }

        /// <summary>Raw (every stored sample, the default), or one point per Minute, Hour, Day, Week, Month or Year.</summary>
        [Parameter]
        public Granularity Granularity { get; set; } = Granularity.Raw;

        /// <summary>What each time step holds when -Granularity is not Raw: Avg (the default), Min, Max, Count, Sum, Var, Stdev. Not allowed with Raw.</summary>
        [Parameter]
        public Aggregation Aggregation { get; set; } = Aggregation.Avg;

        /// <summary>
        /// IANA time zone id (e.g. Europe/Paris): where -From, -To and -Range are read, the calendar of the time steps, and
        /// the offset of the timestamps written. Default: UTC.
        /// </summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(TimeZoneCompleter))]
        public string TimeZone { get; set; } = "UTC";

        /// <summary>
        /// Use each device's own time zone (the API's useDeviceLocalTimezone) for the time steps, and write its timestamps
        /// at that zone's offset. -Range, and a -From or -To without an offset, are read on each device's own calendar too
        /// (see DeviceCalendars); instants stay instants.
        /// </summary>
        [Parameter]
        public SwitchParameter UseDeviceLocalTimezone { get; set; }

        /// <summary>Most series per request (series of one corporate account go together).</summary>
        [Parameter]
        [Range(1, 1000)]
        public int BatchSize { get; set; } = DatapointsPlanner.DefaultBatchSize;

        /// <summary>One row per timestamp, in time order: a Timestamp column, then one column per series headed by its label.</summary>
        [Parameter]
        public SwitchParameter Pivot { get; set; }

        /// <summary>
        /// How -Pivot names its value columns: a template of {DeviceName}, {DeviceUuid}, {StreamRef}, {Title} and {Unit},
        /// e.g. '{DeviceName} {Title} ({Unit})'. Default: '{DeviceName} {StreamRef} ({Unit})'.
        /// </summary>
        [Parameter]
        [PivotHeader]
        public string? PivotHeader { get; set; }

        /// <summary>The uuid of the corporate account; binds from a piped object's CorporateAccountUuid.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string? CorporateAccountUuid { get; set; }

        /// <summary>A corporate account name (e.g. SoLink) or uuid.</summary>
        [Parameter]
        [NotEmpty]
        [ArgumentCompleter(typeof(CorporateAccountCompleter))]
        public string? CorporateAccount { get; set; }

        protected override void BeginProcessing()
        {
            _run.CheckRange(MyInvocation.BoundParameters.Keys); // before the session, so a mistake is reported even without one
            base.BeginProcessing();
            _run.Start(ActiveSession, ThrottleLimit);
        }

        protected override void ProcessInput() =>
            _run.Add(InputObject, Device, ParameterSetName == DeviceUuidSet ? DeviceUuid : null, DeviceName, Series);

        protected override void EndProcessing()
        {
            // Known before the rest is read: a pivot across device zones is refused first.
            TimeZoneInfo? pivotZone = Pivot ? _run.PivotZone() : null;
            _run.Finish();
            if (Pivot) WritePivot(pivotZone);
        }

        /// <summary>The points of one response, in plan order: written as they come, or kept for the pivot.</summary>
        private void OnPoints(DatapointsChunk chunk, IEnumerable<DataPoint> points)
        {
            if (Pivot) _pivotPoints.AddRange(points);
            else foreach (DataPoint point in points) WriteObject(point);
        }

        /// <summary>
        /// One PSCustomObject per instant, in time order: Timestamp (at the offset of -TimeZone, or of the device's zone,
        /// as the points carry it), then a column per series (null where it has no point).
        /// </summary>
        private void WritePivot(TimeZoneInfo? zone)
        {
            // A mapping config the device lacks was reported as not found: no empty column for it.
            IReadOnlyList<DatapointsSeries> columns = _run.FoundSeries;
            if (columns.Count == 0) return;
            var pivot = new PivotTable(columns, zone, PivotHeader);
            pivot.AddRange(_pivotPoints);
            _pivotPoints.Clear();
            foreach (PivotRow row in pivot.TakeRows())
            {
                var output = new PSObject();
                output.TypeNames.Insert(0, PivotRowView.TypeName);
                output.Properties.Add(new PSNoteProperty("Timestamp", row.Timestamp));
                for (int i = 0; i < pivot.Labels.Count; i++) output.Properties.Add(new PSNoteProperty(pivot.Labels[i], row.Values[i]));
                WriteObject(output);
            }
        }
    }
}
