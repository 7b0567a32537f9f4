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
    public sealed class GetSoDataDatapointCommand : DatapointsCmdlet, ICountsPipedRows, IDynamicParameters
    {
        private const string VariableSet = "Variable";
        private const string DeviceUuidSet = "DeviceUuid";
        private const string DeviceSet = "Device";

        private readonly List<DataPoint> _pivotPoints = new List<DataPoint>();
        // Requests of every batch sent so far, for the overall progress bar.
        private int _requestsPlanned;
        private int _requestsDone;
        private readonly HashSet<string> _missing = new HashSet<string>(StringComparer.Ordinal);

        private readonly PipedObjectCounter _pipedObjects = new PipedObjectCounter();

        PipedObjectCounter ICountsPipedRows.PipedObjects => _pipedObjects;

        /// <summary>A hidden parameter that counts piped rows, so that errors name them (see <see cref="ICountsPipedRows"/>).</summary>
        public object GetDynamicParameters() => _pipedObjects.DynamicParameter(VariableSet, DeviceUuidSet);

        /// <summary>Variables from Get-SoDataVariable; their device name, title and unit label the output.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VariableSet)]
        [NotEmpty]
        // Empty values reach the module's own check, which names the parameter (InvalidArgument).
        [AllowEmptyCollection]
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

        protected override void BeginProcessing()
        {
            var range = CheckRange(); // before the session, so a mistake is reported even without one
            base.BeginProcessing();
            StartQuery(range);
        }

        protected override void ProcessInput()
        {
            CollectSeries(InputObject, Device, ParameterSetName == DeviceUuidSet ? DeviceUuid : null, DeviceName, Series);
            foreach (List<DatapointsSeries> batch in TakeFullBatches()) Send(batch);
        }

        protected override void EndProcessing()
        {
            if (PendingSeries.Count > 0) Send(PendingSeries.ToList());
            PendingSeries.Clear();
            CompleteRequestProgress();
            if (Pivot) WritePivot();
        }

        private void Send(List<DatapointsSeries> series)
        {
            IReadOnlyList<DatapointsChunk> plan = Plan(series);
            _requestsPlanned += plan.Count;
            var read = new HashSet<string>(StringComparer.Ordinal); // series with a point, or in a failed batch: no need to check they exist
            // Up to -ThrottleLimit requests run ahead; their points are still written in plan order. A failed request skips the rest of its batch.
            var work = new OrderedWork(this, Concurrency, WorkFailure.SkipBatch);
            foreach (DatapointsChunk chunk in plan)
            {
                work.Add(chunk, token => DatapointsApi.SendAsync(ActiveSession.Client, Query, chunk, token),
                    response =>
                    {
                        List<DataPoint> points = DatapointsApi.ReadPoints(Query, chunk, response);
                        foreach (DataPoint point in points) read.Add(DatapointsSeries.KeyOf(point));
                        if (Pivot) _pivotPoints.AddRange(points);
                        else foreach (DataPoint point in points) WriteObject(point);
                    },
                    batch: chunk.BatchNumber,
                    completing: () =>
                    {
                        WriteRequestProgress(chunk, _requestsDone, _requestsPlanned, "Reading datapoints");
                        _requestsDone++;
                    },
                    toError: ex => ChunkError(ex, chunk, "The rest of this batch is skipped."),
                    failed: () => read.UnionWith(chunk.Series.Select(s => s.Key)));
            }
            work.CompleteAll();
            _missing.UnionWith(ReportMissingSeries(series.Where(s => !read.Contains(s.Key))));
        }

        /// <summary>
        /// One PSCustomObject per instant, in time order: Timestamp (at the offset of -TimeZone, or of the device's zone,
        /// as the points carry it), then a column per series (null where it has no point).
        /// </summary>
        private void WritePivot()
        {
            // A mapping config the device lacks was reported as not found: no empty column for it.
            List<DatapointsSeries> columns = AllSeries.Where(s => !_missing.Contains(s.Key)).ToList();
            if (columns.Count == 0) return;
            var pivot = new PivotTable(columns, Query.UseDeviceLocalTimezone ? null : DatapointsTimeZones.Find(Query.TimeZone));
            pivot.AddRange(_pivotPoints);
            _pivotPoints.Clear();
            foreach (PivotRow row in pivot.TakeRows())
            {
                var output = new PSObject();
                output.Properties.Add(new PSNoteProperty("Timestamp", row.Timestamp));
                for (int i = 0; i < pivot.Labels.Count; i++) output.Properties.Add(new PSNoteProperty(pivot.Labels[i], row.Values[i]));
                WriteObject(output);
            }
        }
    }
}
