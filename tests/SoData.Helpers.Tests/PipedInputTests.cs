using System.Management.Automation;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>A cmdlet that reads piped rows (CSV rows, objects), as Get-SoDataLastValue does.</summary>
[Cmdlet(VerbsCommon.Get, "SoDataThing")]
public sealed class RowsCmdlet : PSCmdlet, IPipedRows
{
    public RowsCmdlet() => CommandRuntime = Recorded;

    public RecordingRuntime Recorded { get; } = new();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid")]
    [Uuid]
    public string? DeviceUuid { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Uuid]
    public string? CorporateAccountUuid { get; set; }

    [Parameter]
    [NotEmpty]
    public string[]? Name { get; set; }

    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? PipelineObject { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Hidden { get; set; }
}

/// <summary>A cmdlet with several parameter sets, which counts what is piped in instead (as Get-SoDataDevice).</summary>
public sealed class CountingCmdlet : PSCmdlet, ICountsPipedRows
{
    public CountingCmdlet() => CommandRuntime = new RecordingRuntime();

    public PipedObjectCounter PipedObjects { get; } = new();
}

/// <summary>
/// <see cref="PipedInput"/> on its own: which piped row is being processed, a row with none of the columns the
/// command reads, and errors said of the row or, without one, of the parameter.
/// </summary>
public sealed class PipedInputTests
{
    private static PSObject Row(params (string Name, object? Value)[] columns)
    {
        var row = new PSObject();
        foreach (var (name, value) in columns) row.Properties.Add(new PSNoteProperty(name, value));
        return row;
    }

    [Fact]
    public void Without_pipeline_input_there_is_no_row_and_errors_name_the_parameter_and_the_command()
    {
        var cmdlet = new RowsCmdlet();
        var input = new PipedInput(cmdlet);
        input.Begin("Get-SoDataThing", ["DeviceUuid"]);

        Assert.True(input.Next(["DeviceUuid"], expectingInput: false));

        Assert.Null(input.Row);
        var record = ErrorRecords.InvalidArgument("Bad", "-DeviceUuid: no.", null);
        Assert.Same(record, input.WithRow(record));
        Assert.Null(record.ErrorDetails);
        ErrorRecord missing = input.MissingValue("DeviceUuid", "pipe devices in, or give -DeviceUuid");
        Assert.Equal("MissingDeviceUuid", missing.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, missing.CategoryInfo.Category);
        Assert.StartsWith("Get-SoDataThing needs -DeviceUuid: pipe devices in, or give -DeviceUuid.", missing.Exception.Message);
    }

    [Fact]
    public void Piped_rows_are_counted_from_one_and_errors_are_said_of_the_row_with_the_columns_that_work()
    {
        var cmdlet = new RowsCmdlet();
        var input = new PipedInput(cmdlet);
        input.Begin("Get-SoDataThing", ["Name"]);

        cmdlet.PipelineObject = Row(("DeviceUuid", "x"));
        Assert.True(input.Next(["Name", "PipelineObject", "DeviceUuid"], expectingInput: true));
        cmdlet.PipelineObject = Row(("Uuid", "y"));
        Assert.True(input.Next(["Name", "PipelineObject", "DeviceUuid"], expectingInput: true));

        Assert.Equal(2, input.Row);
        ErrorRecord record = input.WithRow(ErrorRecords.InvalidArgument("InvalidUuid", "-DeviceUuid: 'y' is not a uuid.", "y"));
        Assert.Equal("Row 2 of the piped input: -DeviceUuid: 'y' is not a uuid.", record.ErrorDetails.Message);
        Assert.Equal("Fix that row, or the column's name. Columns that work: DeviceUuid (or Uuid), CorporateAccountUuid.", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_row_with_none_of_the_columns_read_is_refused_naming_what_it_has()
    {
        var cmdlet = new RowsCmdlet();
        var input = new PipedInput(cmdlet);
        input.Begin("Get-SoDataThing", []);
        cmdlet.PipelineObject = Row(("Serial", "1D1535004"), ("Site", "Benfeld"));

        Assert.False(input.Next(["PipelineObject"], expectingInput: true));

        ErrorRecord error = Assert.Single(cmdlet.Recorded.Errors);
        Assert.Equal("InputRowNotUsable", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(cmdlet.PipelineObject, error.TargetObject);
        Assert.Equal("Row 1 of the piped input has none of the columns Get-SoDataThing reads (it has Serial, Site). " +
            "Columns that work: DeviceUuid (or Uuid), CorporateAccountUuid; or pipe objects of the module.", error.Exception.Message);
    }

    [Fact]
    public void A_value_given_on_the_command_line_is_not_the_rows_own()
    {
        var cmdlet = new RowsCmdlet();
        var input = new PipedInput(cmdlet);
        input.Begin("Get-SoDataThing", ["DeviceUuid"]);
        cmdlet.PipelineObject = Row(("Serial", "1"));

        Assert.False(input.Next(["DeviceUuid", "PipelineObject"], expectingInput: true));
        Assert.Equal(["InputRowNotUsable"], cmdlet.Recorded.Errors.Select(e => e.FullyQualifiedErrorId));
    }

    [Fact]
    public void A_missing_value_of_a_piped_row_names_the_row_its_columns_and_those_that_work()
    {
        var cmdlet = new RowsCmdlet();
        var input = new PipedInput(cmdlet);
        input.Begin("Get-SoDataThing", []);
        cmdlet.PipelineObject = Row(("CorporateAccountUuid", "ca"));
        input.Next(["PipelineObject", "CorporateAccountUuid"], expectingInput: true);

        ErrorRecord missing = input.MissingValue("DeviceUuid", "unused for a row");

        Assert.StartsWith("Row 1 of the piped input has no DeviceUuid column (it has CorporateAccountUuid). Columns that work: DeviceUuid (or Uuid), CorporateAccountUuid.", missing.Exception.Message);
        Assert.Same(cmdlet.PipelineObject, missing.TargetObject);
    }

    [Fact]
    public void A_cmdlet_that_counts_piped_objects_gets_their_position_only_when_input_is_piped()
    {
        var cmdlet = new CountingCmdlet();
        var input = new PipedInput(cmdlet);
        input.Begin("Get-SoDataDevice", []);

        Assert.True(input.Next([], expectingInput: false));
        Assert.Null(input.Row);
        Assert.True(input.Next([], expectingInput: true));
        Assert.True(input.Next([], expectingInput: true));
        Assert.Equal(2, input.Row);
    }
}
