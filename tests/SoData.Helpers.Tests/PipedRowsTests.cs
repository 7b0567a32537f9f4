using System.Management.Automation;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary><see cref="PipedRows"/> and <see cref="PipedObjectCounter"/>: the columns a cmdlet reads, and counting what is piped in.</summary>
public sealed class PipedRowsTests
{
    [Fact]
    public void The_columns_are_the_visible_by_property_name_parameters_with_their_aliases()
    {
        Assert.Equal([("DeviceUuid", ["Uuid"]), ("CorporateAccountUuid", [])],
            PipedRows.Columns(typeof(RowsCmdlet)).Select(c => (c.Name, c.Aliases)).ToArray(), new ColumnComparer());
        Assert.Equal("DeviceUuid (or Uuid), CorporateAccountUuid", PipedRows.Describe(typeof(RowsCmdlet)));
    }

    [Fact]
    public void Hidden_and_by_value_parameters_take_pipeline_input_too_but_PipelineObject_and_typed_ones_do_not()
    {
        Assert.True(PipedRows.TakesPipelineInput(typeof(RowsCmdlet), "deviceuuid"));
        Assert.True(PipedRows.TakesPipelineInput(typeof(RowsCmdlet), "Hidden"));
        Assert.False(PipedRows.TakesPipelineInput(typeof(RowsCmdlet), "Name"));
        Assert.False(PipedRows.TakesPipelineInput(typeof(RowsCmdlet), "PipelineObject"));
    }

    [Fact]
    public void A_rows_properties_are_named_at_most_twelve()
    {
        Assert.Equal("no columns", PipedRows.PropertiesOf(new PSObject()));
        var wide = new PSObject();
        for (int i = 1; i <= 15; i++) wide.Properties.Add(new PSNoteProperty("C" + i, i));
        Assert.Equal(string.Join(", ", Enumerable.Range(1, 12).Select(i => "C" + i)), PipedRows.PropertiesOf(wide));
        Assert.Equal("Row 7 of the piped input", PipedRows.Position(7));
    }

    [Fact]
    public void An_object_tried_on_several_parameters_counts_once_and_one_the_binder_never_saw_counts_too()
    {
        var counter = new PipedObjectCounter();
        var first = new object();
        var transform = counter.DynamicParameter("A")["PipedObjectCount"].Attributes.OfType<ArgumentTransformationAttribute>().Single();

        Assert.Same(first, transform.Transform(null!, first)); // noted, and handed on as it is
        transform.Transform(null!, first); // the same object, tried again with conversion
        Assert.Equal(1, counter.Next());
        Assert.Equal(2, counter.Next()); // bound without the hidden parameter being tried
        transform.Transform(null!, new object());
        Assert.Equal(3, counter.Next());
    }

    [Fact]
    public void The_hidden_parameter_is_in_each_set_given_and_takes_pipeline_input()
    {
        RuntimeDefinedParameter parameter = new PipedObjectCounter().DynamicParameter("ByParent", "ByUuid")["PipedObjectCount"];
        var sets = parameter.Attributes.OfType<ParameterAttribute>().ToList();
        Assert.Equal(["ByParent", "ByUuid"], sets.Select(a => a.ParameterSetName));
        Assert.All(sets, a => Assert.True(a.ValueFromPipeline && a.DontShow));
        Assert.Equal(typeof(NeverBound), parameter.ParameterType);
    }

    private sealed class ColumnComparer : IEqualityComparer<(string Name, string[] Aliases)>
    {
        public bool Equals((string Name, string[] Aliases) x, (string Name, string[] Aliases) y) => x.Name == y.Name && x.Aliases.SequenceEqual(y.Aliases);
        public int GetHashCode((string Name, string[] Aliases) obj) => obj.Name.GetHashCode();
    }
}
