using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Client
{
    // The datapoints wire format (guide 5.8.3, 7.1.1, 7.1.2) and the last-values response (5.9.3), in one file.
    // The guide warns that these calls change in API v3.1: this file is where that change lands.

    /// <summary>The body of PUT ca/{ca}/datapoints.</summary>
    internal sealed class DatapointsRequestBody
    {
        /// <summary>ISO 8601, inclusive.</summary>
        public string From { get; set; } = string.Empty;

        /// <summary>ISO 8601, exclusive.</summary>
        public string To { get; set; } = string.Empty;

        public string Timezone { get; set; } = "UTC";
        public bool UseDeviceLocalTimezone { get; set; }
        public string Granularity { get; set; } = "raw";
        public List<DatapointsSeriesRequest> Series { get; set; } = new List<DatapointsSeriesRequest>();
    }

    internal sealed class DatapointsSeriesRequest
    {
        public string DeviceUuid { get; set; } = string.Empty;
        public string ItemType { get; set; } = string.Empty;

        /// <summary>A string on the wire ("0").</summary>
        public string ItemIndex { get; set; } = string.Empty;

        /// <summary>A string on the wire ("140100").</summary>
        public string ServiceId { get; set; } = string.Empty;

        /// <summary>Left out (null) for raw: the API refuses an aggregation with raw.</summary>
        public string? Aggregation { get; set; }
    }

    /// <summary>The response of PUT ca/{ca}/datapoints: the request echoed, with data per series.</summary>
    internal sealed class DatapointsResponse
    {
        public string? Granularity { get; set; }
        public List<DatapointsSeriesData>? Series { get; set; }
    }

    internal sealed class DatapointsSeriesData
    {
        public string? DeviceUuid { get; set; }
        public string? ItemType { get; set; }

        [JsonConverter(typeof(LenientStringConverter))]
        public string? ItemIndex { get; set; }

        [JsonConverter(typeof(LenientStringConverter))]
        public string? ServiceId { get; set; }

        public string? Aggregation { get; set; }
        public string? DataType { get; set; }
        public string? DeviceTimeZone { get; set; }
        public List<DatapointsValue>? Data { get; set; }
    }

    internal sealed class DatapointsValue
    {
        public DateTimeOffset At { get; set; }

        [JsonConverter(typeof(LenientDoubleConverter))]
        public double? Value { get; set; }
    }

    /// <summary>The response of GET ca/{ca}/devices/{device}/last-values.</summary>
    internal sealed class LastValuesResponse
    {
        public List<LastValuesDevice>? Devices { get; set; }
    }

    internal sealed class LastValuesDevice
    {
        public string? DeviceUuid { get; set; }
        public List<LastValue>? Values { get; set; }
    }

    /// <summary>Builds datapoints requests, sends them and turns responses into <see cref="DataPoint"/>s.</summary>
    internal static class DatapointsApi
    {
        public static string WireName(Granularity granularity) => granularity.ToString().ToLowerInvariant();

        public static string WireName(Aggregation aggregation) => aggregation.ToString().ToLowerInvariant();

        /// <summary>ISO 8601 in UTC with milliseconds, as in the guide's example ("2021-09-20T07:47:26.724Z").</summary>
        public static string WireTime(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        public static DatapointsRequestBody BuildBody(DatapointsQuery query, DatapointsChunk chunk)
        {
            query = chunk.Query ?? query;
            string? aggregation = query.Granularity == Granularity.Raw ? null : WireName(query.EffectiveAggregation!.Value);
            return new DatapointsRequestBody
            {
                From = WireTime(chunk.From),
                To = WireTime(chunk.To),
                Timezone = DatapointsTimeZones.IanaId(query.TimeZone),
                UseDeviceLocalTimezone = query.UseDeviceLocalTimezone,
                Granularity = WireName(query.Granularity),
                Series = chunk.Series.Select(s => new DatapointsSeriesRequest
                {
                    DeviceUuid = s.DeviceUuid,
                    ItemType = s.Ref.ItemType,
                    ItemIndex = s.Ref.ItemIndex.ToString(CultureInfo.InvariantCulture),
                    ServiceId = s.Ref.ServiceId.ToString(CultureInfo.InvariantCulture),
                    Aggregation = aggregation,
                }).ToList(),
            };
        }

        public static async Task<DatapointsResponse> SendAsync(SoDataClient client, DatapointsQuery query, DatapointsChunk chunk, CancellationToken cancellationToken)
        {
            string route = Routes.Datapoints(chunk.CorporateAccountUuid);
            DatapointsResponse response = await client.PutAsync<DatapointsResponse>(route, BuildBody(query, chunk), cancellationToken).ConfigureAwait(false);
            // A list the guide says is a list, null or missing, is an error: read as empty it would be a silent loss of data.
            if (response.Series == null) throw MissingList("PUT", route, "\"series\"");
            for (int i = 0; i < response.Series.Count; i++)
            {
                if (response.Series[i]?.Data == null) throw MissingList("PUT", route, $"\"series[{i}].data\"{DescribeSeries(response.Series[i])}");
            }
            return response;
        }

        private static string DescribeSeries(DatapointsSeriesData? series) =>
            series == null ? " (the series is null)" : $" (device {series.DeviceUuid ?? "?"}, {series.ItemType}|{series.ItemIndex}|{series.ServiceId})";

        /// <summary>InvalidData (a 200 whose content is wrong), naming the route and the field.</summary>
        internal static SoDataApiException MissingList(string method, string route, string field) =>
            new SoDataApiException(method, route, 200, null,
                $"{method} {route} answered without a list it must hold: {field} is null or missing. Nothing of this answer is written, rather than read as no data.");

        /// <summary>
        /// The points of one response, series in request order, each in time order. A response series is matched to
        /// the requested one by device and mapping config (by position when the API leaves those out). Raw points
        /// outside [chunk.From, chunk.To) are dropped, so a point on a window edge is written once even if a server
        /// treated "to" as inclusive. (An aggregated bucket is stamped with its start, which may precede the window.)
        /// </summary>
        public static List<DataPoint> ReadPoints(DatapointsQuery query, DatapointsChunk chunk, DatapointsResponse response) =>
            EnumeratePoints(query, chunk, response).ToList();

        /// <summary>The points of <see cref="ReadPoints"/>, one at a time, for a caller that writes them as it goes (Export-SoDataDatapoint).</summary>
        public static IEnumerable<DataPoint> EnumeratePoints(DatapointsQuery query, DatapointsChunk chunk, DatapointsResponse response)
        {
            query = chunk.Query ?? query;
            List<DatapointsSeriesData> returned = response.Series ?? new List<DatapointsSeriesData>();
            var used = new bool[returned.Count];
            for (int i = 0; i < chunk.Series.Count; i++)
            {
                DatapointsSeries wanted = chunk.Series[i];
                int match = -1;
                for (int k = 0; k < returned.Count && match < 0; k++)
                {
                    if (!used[k] && Matches(returned[k], wanted)) match = k;
                }
                if (match < 0 && i < returned.Count && !used[i] && returned[i].DeviceUuid == null) match = i;
                if (match < 0) continue;
                used[match] = true;
                TimeZoneInfo? zone = OutputZone(query, returned[match]);
                foreach (DatapointsValue value in returned[match].Data ?? Enumerable.Empty<DatapointsValue>())
                {
                    if (query.Granularity == Granularity.Raw && (value.At < chunk.From || value.At >= chunk.To)) continue;
                    yield return new DataPoint
                    {
                        Timestamp = zone == null ? value.At : DatapointsTime.InZone(value.At, zone),
                        Value = value.Value,
                        DeviceUuid = wanted.DeviceUuid,
                        DeviceName = wanted.DeviceName,
                        Title = wanted.Title,
                        Unit = wanted.Unit,
                        ItemType = wanted.Ref.ItemType,
                        ItemIndex = wanted.Ref.ItemIndex,
                        ServiceId = wanted.Ref.ServiceId,
                        StreamRef = wanted.Ref.ToString(),
                        Granularity = query.Granularity,
                        Aggregation = query.Granularity == Granularity.Raw ? null : query.EffectiveAggregation,
                        CorporateAccountUuid = wanted.CorporateAccountUuid,
                    };
                }
            }
        }

        /// <summary>
        /// The zone whose offset a series' points carry, so they read as the days the user asked for: -TimeZone, or the
        /// device's own zone with UseDeviceLocalTimezone. Null (the API's times as they came) when this machine does not know it.
        /// </summary>
        private static TimeZoneInfo? OutputZone(DatapointsQuery query, DatapointsSeriesData series) =>
            !query.UseDeviceLocalTimezone ? query.Zone
            : string.IsNullOrWhiteSpace(series.DeviceTimeZone) ? null
            : DatapointsTimeZones.Find(series.DeviceTimeZone);

        private static bool Matches(DatapointsSeriesData returned, DatapointsSeries wanted) =>
            string.Equals(returned.DeviceUuid, wanted.DeviceUuid, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(returned.ItemType, wanted.Ref.ItemType, StringComparison.OrdinalIgnoreCase) &&
            SameNumber(returned.ItemIndex, wanted.Ref.ItemIndex) &&
            SameNumber(returned.ServiceId, wanted.Ref.ServiceId);

        private static bool SameNumber(string? text, int number) =>
            int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) && parsed == number;

        /// <summary>GET the last values of one device; every value is stamped with the corporate account.</summary>
        public static async Task<List<LastValue>> GetLastValuesAsync(SoDataClient client, string corporateAccountUuid, string deviceUuid, CancellationToken cancellationToken)
        {
            LastValuesResponse response = await client.GetAsync<LastValuesResponse>(Routes.LastValues(corporateAccountUuid, deviceUuid), null, cancellationToken).ConfigureAwait(false);
            string route = Routes.LastValues(corporateAccountUuid, deviceUuid);
            if (response.Devices == null) throw MissingList("GET", route, "\"devices\"");
            var values = new List<LastValue>();
            for (int i = 0; i < response.Devices.Count; i++)
            {
                LastValuesDevice device = response.Devices[i];
                if (device?.Values == null) throw MissingList("GET", route, $"\"devices[{i}].values\"");
                foreach (LastValue value in device.Values)
                {
                    value.DeviceUuid ??= device.DeviceUuid ?? deviceUuid;
                    value.CorporateAccountUuid = corporateAccountUuid;
                    values.Add(value);
                }
            }
            return values;
        }
    }
}
