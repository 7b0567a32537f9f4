using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>The series of one input, whichever way it came; an input that cannot be read is an error naming it, and the rest go on.</summary>
[Collection(DatapointsSandbox.Collection)]
public sealed class SeriesInputsTests(DatapointsSandbox sandbox)
{
    private readonly TestCmdlet _cmdlet = new(new RecordingRuntime());
    private readonly List<object?> _resolvedFor = [];

    private SeriesInputs Inputs(DeviceFacts? facts = null) => new(_cmdlet, new PipedInput(_cmdlet), "Export-SoDataDatapoint",
        (fromObject, target) =>
        {
            _resolvedFor.Add(target);
            return fromObject ?? (target is "no account" ? null : "ca-default");
        },
        facts ?? new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session));

    private string ErrorId(int i = 0) => _cmdlet.Recorded.Errors[i].FullyQualifiedErrorId;

    [Fact]
    public void A_variable_gives_its_series_with_its_account_labels_and_whether_the_API_listed_it()
    {
        var listed = new Variable { Uuid = "v", CorporateAccountUuid = "ca1", DeviceUuid = "d1", DeviceName = "UPS", StreamRef = "Unit|1|140108", ServiceName = "Frequency", Unit = "HERTZ" };
        var fromCsv = new Variable { DeviceUuid = "d2", ItemType = "Global", ItemIndex = 0, ServiceId = 140100 };

        List<DatapointsSeries> series = Inputs().Of([listed, fromCsv], null, null, null, null);

        Assert.Equal(["ca1/d1/Unit|1|140108", "ca-default/d2/Global|0|140100"], series.Select(s => $"{s.CorporateAccountUuid}/{s.DeviceUuid}/{s.Ref}"));
        Assert.Equal(("UPS", "Frequency", "HERTZ", true), (series[0].DeviceName, series[0].Title, series[0].Unit, series[0].Listed));
        Assert.False(series[1].Listed);
        Assert.Empty(_cmdlet.Recorded.Errors);
    }

    [Fact]
    public void Variables_that_cannot_be_read_are_errors_naming_what_is_wrong_and_the_others_are_kept()
    {
        var noRef = new Variable { DeviceUuid = "d1" };
        var badRef = new Variable { DeviceUuid = "d1", StreamRef = "Global|x|1" };
        var noDevice = new Variable { StreamRef = DatapointsSandbox.LoadRate };
        var good = new Variable { DeviceUuid = "d1", StreamRef = DatapointsSandbox.LoadRate };

        List<DatapointsSeries> series = Inputs().Of([noRef, badRef, noDevice, good], null, null, null, null);

        Assert.Single(series);
        Assert.Equal(["InvalidSeries", "InvalidSeries", "VariableWithoutDevice"], _cmdlet.Recorded.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Contains("is missing: expected", _cmdlet.Recorded.Errors[0].Exception.Message);
        Assert.All(_cmdlet.Recorded.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
    }

    [Fact]
    public void A_device_gives_one_series_per_Series_and_is_remembered_so_its_zone_is_not_asked_for()
    {
        var device = new Device { Uuid = "d9", Name = "Meter", TimeZone = "Asia/Tokyo" };
        var facts = new DeviceFacts(_cmdlet, new AsyncRunner(_cmdlet), sandbox.Session);

        List<DatapointsSeries> series = Inputs(facts).Of(null, [device, new Device { Name = "no uuid" }], null, null, [DatapointsSandbox.LoadRate, "Global|0", DatapointsSandbox.Frequency]);

        Assert.Equal([DatapointsSandbox.LoadRate, DatapointsSandbox.Frequency], series.Select(s => s.Ref.ToString()));
        Assert.All(series, s => Assert.Equal("Meter", s.DeviceName));
        Assert.Equal(["InvalidSeries", "DeviceWithoutUuid"], _cmdlet.Recorded.Errors.Select(e => e.FullyQualifiedErrorId));
        // Known from the piped device: no listing.
        Assert.Equal("Asia/Tokyo", facts.ZonesOf("ca-default", ["d9"])["d9"]);
        Assert.Equal("Meter", facts.NameOf("ca-default", "d9"));
    }

    [Fact]
    public void A_device_uuid_without_an_account_gives_nothing_and_the_scope_wrote_why()
    {
        List<DatapointsSeries> series = Inputs().Of(null, null, "no account", null, [DatapointsSandbox.LoadRate]);

        Assert.Empty(series);
        Assert.Equal(["no account"], _resolvedFor);
    }

    [Fact]
    public void Something_piped_that_is_not_a_variable_is_refused_in_words()
    {
        var standIn = (Variable)((object[])new SeriesInputAttribute().Transform(null!, new object[] { "Global|0|140100" })!)[0]!;

        Assert.Empty(Inputs().Of([standIn], null, null, null, null));

        Assert.Equal("InputNotAVariable", ErrorId());
        Assert.Contains("'Global|0|140100' (a string) is not a variable", _cmdlet.Recorded.Errors[0].Exception.Message);
        Assert.Contains("Export-SoDataDatapoint", _cmdlet.Recorded.Errors[0].Exception.Message);
    }

    [Theory]
    [InlineData("Unit|1|140108", null, null, null, "Unit|1|140108")]
    [InlineData("bad", "Global", 0, 140100, "Global|0|140100")]
    [InlineData(null, "Global", null, 140100, null)]
    public void A_variables_mapping_config_is_its_StreamRef_or_its_item_and_service(string? streamRef, string? itemType, int? index, int? service, string? expected)
    {
        var variable = new Variable { StreamRef = streamRef, ItemType = itemType, ItemIndex = index, ServiceId = service };
        Assert.Equal(expected, SeriesInputs.RefOf(variable)?.ToString());
    }
}
