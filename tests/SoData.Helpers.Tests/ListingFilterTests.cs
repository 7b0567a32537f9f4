using System.Management.Automation;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

public class ListingFilterTests
{
    private sealed record Thing(string Name, string Serial);

    [Fact]
    public void No_filter_gives_no_predicate_so_the_server_can_page()
    {
        var filter = new ListingFilter<Thing>().Add("Name", null, t => [t.Name]);
        Assert.Null(filter.Keep);
    }

    [Fact]
    public void Every_filter_given_must_match_and_wildcards_ignore_case()
    {
        var filter = new ListingFilter<Thing>()
            .Add("Name", ["ups*"], t => [t.Name])
            .AddExact("SerialNumber", ["S1"], t => t.Serial);
        Func<Thing, bool> keep = filter.Keep!;
        Assert.True(keep(new Thing("UPS north", "s1")));
        Assert.False(keep(new Thing("UPS north", "S2")));
        Assert.False(keep(new Thing("Meter", "S1")));
    }

    [Fact]
    public void A_literal_that_matched_nothing_is_one_not_found_error_naming_parameter_value_and_place()
    {
        var filter = new ListingFilter<Thing>().Add("Name", ["UPS north", "Typo", "Mete*"], t => [t.Name]);
        foreach (var thing in new[] { new Thing("UPS north", "1"), new Thing("Gateway", "2") }) filter.Keep!(thing);
        filter.LookedIn("ca1", () => "'SoLink' (ca1)");
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        filter.WriteUnmatched(cmdlet, "DeviceNotFound", "device", () => filter.DescribePlaces("in", "corporate account", "corporate accounts"));

        ErrorRecord error = Assert.Single(cmdlet.Recorded.Errors);
        Assert.Equal("DeviceNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("No device with -Name 'Typo' in corporate account 'SoLink' (ca1).", error.Exception.Message);
    }

    [Fact]
    public void Nothing_is_called_not_found_when_no_listing_was_read_or_the_read_was_cut_short()
    {
        var filter = new ListingFilter<Thing>().Add("Name", ["Typo"], t => [t.Name]);
        var cmdlet = new TestCmdlet(new RecordingRuntime());
        filter.WriteUnmatched(cmdlet, "DeviceNotFound", "device", () => "anywhere");
        filter.LookedIn("ca1", () => "x");
        filter.WriteUnmatched(cmdlet, "DeviceNotFound", "device", () => "anywhere", complete: false);
        Assert.Empty(cmdlet.Recorded.Errors);
    }
}
