using System.Collections;
using System.Management.Automation;
using SoData.Cmdlets;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="ArgumentRules"/> and the rule attributes on their own: the first broken rule among the bound values, as
/// an InvalidArgument error naming the parameter and the bad element; pipeline-only checks. (Every rule of every cmdlet
/// is checked end to end by SoData.Cmdlets.Tests' ArgumentRuleTests.)
/// </summary>
public sealed class ArgumentRulesTests
{
    private sealed class RuledCmdlet : PSCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Uuid]
        public string[]? DeviceUuid { get; set; }

        [Parameter]
        [NotEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [Range(1, 64)]
        public int ThrottleLimit { get; set; }

        [Parameter]
        [SeriesRef]
        public string? Series { get; set; }

        [Parameter]
        [StreamRefPattern]
        public string? StreamRef { get; set; }
    }

    private static ErrorRecord? Check(IDictionary bound, bool pipelineOnly = false) => ArgumentRules.FindViolation(new RuledCmdlet(), bound, pipelineOnly);

    [Fact]
    public void Good_values_break_no_rule()
    {
        Assert.Null(Check(new Hashtable
        {
            ["DeviceUuid"] = new[] { "3756c84b-8697-446f-9ca3-931b3681f908" },
            ["Name"] = new[] { "UPS*" },
            ["ThrottleLimit"] = 64,
            ["Series"] = "Global|0|140100",
            ["StreamRef"] = "Unit|1|*",
        }));
    }

    [Fact]
    public void A_bad_element_is_an_InvalidArgument_naming_the_parameter_the_value_and_what_would_do()
    {
        ErrorRecord error = Check(new Hashtable { ["DeviceUuid"] = new object[] { "3756c84b-8697-446f-9ca3-931b3681f908", new PSObject("nope") } })!;

        Assert.Equal("InvalidUuid", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject); // unwrapped from its PSObject
        var exception = Assert.IsType<ArgumentException>(error.Exception);
        Assert.Equal("DeviceUuid", exception.ParamName);
        Assert.StartsWith("-DeviceUuid: 'nope' is not a uuid. A SoData uuid looks like 3756c84b-8697-446f-9ca3-931b3681f908.", exception.Message);
    }

    [Theory]
    [InlineData("ThrottleLimit", 0, "ArgumentOutOfRange", "-ThrottleLimit: 0 is out of range: give a whole number from 1 to 64.")]
    [InlineData("ThrottleLimit", 65, "ArgumentOutOfRange", "-ThrottleLimit: 65 is out of range: give a whole number from 1 to 64.")]
    [InlineData("Name", " ", "EmptyArgument", "-Name: an empty value is not allowed here.")]
    [InlineData("Series", "Global|0", "InvalidSeries", "-Series: ")]
    [InlineData("StreamRef", "Global-0-140100", "InvalidSeries", "-StreamRef: ")]
    public void Each_rule_has_its_own_error_id(string parameter, object value, string errorId, string startOfMessage)
    {
        ErrorRecord error = Check(new Hashtable { [parameter] = value })!;
        Assert.Equal(errorId, error.FullyQualifiedErrorId);
        Assert.StartsWith(startOfMessage, error.Exception.Message);
    }

    [Fact]
    public void An_empty_array_where_a_value_is_needed_asks_for_at_least_one()
    {
        ErrorRecord error = Check(new Hashtable { ["Name"] = Array.Empty<string>() })!;
        Assert.Equal("EmptyArgument", error.FullyQualifiedErrorId);
        Assert.StartsWith("-Name: give at least one value.", error.Exception.Message);
    }

    [Fact]
    public void Checking_a_piped_row_looks_only_at_the_parameters_that_take_pipeline_input()
    {
        var bound = new Hashtable { ["ThrottleLimit"] = 0, ["DeviceUuid"] = "bad" };
        Assert.Equal("InvalidUuid", Check(bound, pipelineOnly: true)!.FullyQualifiedErrorId);
        bound.Remove("DeviceUuid");
        Assert.Null(Check(bound, pipelineOnly: true));
        Assert.Equal("ArgumentOutOfRange", Check(bound)!.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_pattern_with_wildcards_is_any_pattern_and_a_guid_is_a_uuid()
    {
        Assert.Null(new StreamRefPatternAttribute().Check("*|*"));
        Assert.Null(new UuidAttribute().Check(Guid.NewGuid()));
        Assert.NotNull(new UuidAttribute().Check(42));
    }

    [Fact]
    public void NotEmpty_refuses_null_and_blank_text_only()
    {
        var rule = new NotEmptyAttribute();
        Assert.Equal("an empty value is not allowed here.", rule.Check(null));
        Assert.Equal("an empty value is not allowed here.", rule.Check("\t "));
        Assert.Null(rule.Check("x"));
        Assert.Null(rule.Check(0)); // not text: nothing to be blank
        Assert.Equal("EmptyArgument", rule.ErrorId);
    }

    [Fact]
    public void Range_takes_whole_numbers_from_Min_to_Max_inclusive_and_nothing_else()
    {
        var rule = new RangeAttribute(1, 64);
        Assert.Equal((1, 64), (rule.Min, rule.Max));
        Assert.Null(rule.Check(1));
        Assert.Null(rule.Check(64));
        Assert.Equal("0 is out of range: give a whole number from 1 to 64.", rule.Check(0));
        Assert.NotNull(rule.Check("5")); // bound values are already converted: text here is a mistake
        Assert.NotNull(rule.Check(5L));
        Assert.NotNull(rule.Check(null));
    }

    [Fact]
    public void SeriesRef_takes_Item_Index_ServiceId_and_names_what_is_wrong_otherwise()
    {
        var rule = new SeriesRefAttribute();
        Assert.Null(rule.Check("Global|0|140100"));
        Assert.Null(rule.Check(" Unit | 1 | 140108 "));
        Assert.StartsWith("'Global|0' is not a mapping config: expected ", rule.Check("Global|0"));
        Assert.StartsWith("'Global|*|140100' has an item index that is not", rule.Check("Global|*|140100")); // a pattern is -StreamRef's, not -Series'
        Assert.StartsWith("'|0|1' has no item type", rule.Check("|0|1"));
        Assert.NotNull(rule.Check(null));
        Assert.Equal("InvalidSeries", rule.ErrorId);
    }
}
