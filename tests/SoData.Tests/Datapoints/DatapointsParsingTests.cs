using System.Text;
using SoData.Client;
using Xunit;

namespace SoData.Tests.Datapoints;

/// <summary>Responses as the guide shows them (5.8.3, 5.9.3), and as a lenient server might send them.</summary>
public class DatapointsParsingTests
{
    private const string Device = "239b264b-fd7b-40ad-9a18-32f75d69db29";

    private static T Read<T>(string json) => new ApiResponse(200, "application/json", Encoding.UTF8.GetBytes(json), "PUT", "api/v1/ca/x/datapoints").Read<T>();

    private const string GuideResponse = """
        { "from": "2022-05-18T00:00:00Z", "to": "2022-05-19T00:00:00Z", "timezone": "UTC", "useDeviceLocalTimezone": false,
          "granularity": "raw",
          "series": [ { "itemType": "Global", "itemIndex": "0", "serviceId": "140100", "deviceUuid": "239b264b-fd7b-40ad-9a18-32f75d69db29",
                        "dataType": "number", "deviceTimeZone": "UTC",
                        "data": [ { "at": "2022-05-18T00:05:05Z", "value": 4 }, { "at": "2022-05-18T00:10:14Z", "value": "4.5" },
                                  { "at": "2022-05-18T00:15:23Z", "value": null }, { "at": "2022-05-19T00:00:00Z", "value": 9 } ] } ] }
        """;

    [Fact]
    public void ReadsTheGuidesRawResponse()
    {
        var query = new DatapointsQuery { From = new(2022, 5, 18, 0, 0, 0, TimeSpan.Zero), To = new(2022, 5, 19, 0, 0, 0, TimeSpan.Zero) };
        var chunk = DatapointsPlanner.Plan(query, [new DatapointsSeries("ca", Device, SeriesRef.Parse("Global|0|140100")) { Title = "Load", Unit = "PERCENT" }]).Single();
        var points = DatapointsApi.ReadPoints(query, chunk, Read<DatapointsResponse>(GuideResponse));

        // The point at exactly "to" is outside [from, to): dropped even though this server sent it.
        Assert.Equal(3, points.Count);
        Assert.Equal(new DateTimeOffset(2022, 5, 18, 0, 5, 5, TimeSpan.Zero), points[0].Timestamp);
        Assert.Equal(4.0, points[0].Value);
        Assert.Equal(4.5, points[1].Value);
        Assert.Null(points[2].Value);
        Assert.All(points, p =>
        {
            Assert.Equal("Global|0|140100", p.StreamRef);
            Assert.Equal((Device, "Load", "PERCENT", 140100), (p.DeviceUuid!, p.Title!, p.Unit!, p.ServiceId));
            Assert.Equal(Granularity.Raw, p.Granularity);
            Assert.Null(p.Aggregation);
            Assert.Equal("ca", p.CorporateAccountUuid);
        });
    }

    [Fact]
    public void MatchesResponseSeriesByDeviceAndMappingConfigNotPosition()
    {
        const string json = """
            { "series": [
                { "deviceUuid": "B", "itemType": "unit", "itemIndex": 1, "serviceId": 140108, "data": [ { "at": "2024-05-01T00:00:00Z", "value": 2 } ] },
                { "deviceUuid": "A", "itemType": "Global", "itemIndex": "0", "serviceId": "140100", "data": [ { "at": "2024-05-01T00:00:00Z", "value": 1 } ] } ] }
            """;
        var query = new DatapointsQuery { From = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), To = new(2024, 5, 2, 0, 0, 0, TimeSpan.Zero), Granularity = Granularity.Day };
        var chunk = DatapointsPlanner.Plan(query, [new DatapointsSeries("ca", "A", SeriesRef.Parse("Global|0|140100")), new DatapointsSeries("ca", "B", SeriesRef.Parse("Unit|1|140108"))]).Single();
        var points = DatapointsApi.ReadPoints(query, chunk, Read<DatapointsResponse>(json));
        Assert.Equal([("A", 1.0), ("B", 2.0)], points.Select(p => (p.DeviceUuid!, p.Value!.Value)));
        Assert.All(points, p => Assert.Equal(Aggregation.Avg, p.Aggregation));
    }

    [Fact]
    public void ReadsTheGuidesLastValues()
    {
        const string json = """
            { "devices": [ { "deviceUuid": "239b264b-fd7b-40ad-9a18-32f75d69db29", "values": [
                { "serviceId": "140108", "itemType": "Global", "itemIndex": "0", "deviceUuid": "239b264b-fd7b-40ad-9a18-32f75d69db29",
                  "value": "18", "date": "2022-07-28T11:19:25.000Z", "title": "Ups output current L3", "unit": "AMPERE",
                  "deviceName": "Delphys GP2 - 160 kVA", "itemName": "Global", "serviceGroup": "Output", "serviceType": "Measure", "extra": 1 },
                { "serviceId": "1", "itemType": "Global", "itemIndex": "0", "value": "ON", "date": null },
                { "serviceId": "2", "itemType": "Global", "itemIndex": "0", "value": 229.5 },
                { "serviceId": "3", "itemType": "Global", "itemIndex": "0", "value": "1,5" } ] } ] }
            """;
        var values = Read<LastValuesResponse>(json).Devices![0].Values!;
        var first = values[0];
        Assert.Equal(18.0, first.Value);
        Assert.Equal("18", first.RawValue);
        Assert.Equal("Global|0|140108", first.StreamRef);
        Assert.Equal(new DateTimeOffset(2022, 7, 28, 11, 19, 25, TimeSpan.Zero), first.Timestamp);
        Assert.Equal(("Delphys GP2 - 160 kVA", "Global", "Output", "Measure", "AMPERE"), (first.DeviceName!, first.ItemName!, first.ServiceGroup!, first.ServiceType!, first.Unit!));
        Assert.Equal("ON", values[1].Value);
        Assert.Null(values[1].Timestamp);
        Assert.Equal(229.5, values[2].Value);
        Assert.Equal("229.5", values[2].RawValue);
        Assert.Equal("1,5", values[3].Value); // not a number in the invariant culture: kept as text
    }
}
