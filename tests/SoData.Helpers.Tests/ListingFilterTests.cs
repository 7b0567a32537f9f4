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
    [Fact]
    public void A_value_counts_as_matched_only_on_an_object_that_passed_every_filter()
    {
        var filter = new ListingFilter<Thing>().Add("Name", ["UPS north"], t => [t.Name]).AddExact("SerialNumber", ["S2"], t => t.Serial);
        Assert.False(filter.Keep!(new Thing("UPS north", "S1")));
        Assert.Equal([("Name", "UPS north"), ("SerialNumber", "S2")], filter.Unmatched());
    }

    [Fact]
    public void Brackets_are_wildcards_as_in_PowerShell_and_escaped_ones_match_themselves_and_are_reported()
    {
        var pattern = new ListingFilter<Thing>().Add("Name", ["Meter [12]"], t => [t.Name]);
        Assert.True(pattern.Keep!(new Thing("meter 1", "x")));
        Assert.False(pattern.Keep!(new Thing("Meter [12]", "x")));

        var escaped = new ListingFilter<Thing>().Add("Name", ["Meter `[1`]", "Meter `[9`]"], t => [t.Name]);
        Assert.True(escaped.Keep!(new Thing("Meter [1]", "x")));
        Assert.False(escaped.Keep!(new Thing("Meter 1", "x")));
        Assert.Equal([("Name", "Meter `[9`]")], escaped.Unmatched());
    }

    [Fact]
    public void Exact_values_take_no_wildcards_and_numbers_compare_as_text()
    {
        var exact = new ListingFilter<Thing>().AddExact("SerialNumber", ["S*"], t => t.Serial);
        Assert.False(exact.Keep!(new Thing("n", "S1")));
        Assert.True(exact.Keep!(new Thing("n", "s*")));

        var numbers = new ListingFilter<Thing>().AddExact("ServiceId", [140100], t => int.Parse(t.Serial));
        Assert.True(numbers.Keep!(new Thing("v", "140100")));
        Assert.False(numbers.Keep!(new Thing("v", "1401000")));
    }

    [Fact]
    public void Many_places_are_counted_and_the_first_five_named()
    {
        var filter = new ListingFilter<Thing>();
        for (int i = 1; i <= 7; i++)
        {
            int n = i;
            filter.LookedIn("d" + n, () => $"'D{n}'");
        }
        filter.LookedIn("d1", () => "'D1 again'"); // the same place twice counts once
        Assert.Equal("on any of the 7 devices read: 'D1', 'D2', 'D3', 'D4', 'D5' and 2 more", filter.DescribePlaces("on", "device", "devices"));
    }

    [Fact]
    public void A_place_that_cannot_be_named_without_the_server_still_gets_its_not_found_error()
    {
        var filter = new ListingFilter<Thing>().Add("Name", ["Typo"], t => [t.Name]);
        filter.LookedIn("ca1", () => "x");
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        filter.WriteUnmatched(cmdlet, "DeviceNotFound", "device", () => throw new SoData.Client.SoDataApiException("GET", "api/v1/ca", 503, null, "503"));

        Assert.Equal("No device with -Name 'Typo' in what was read.", Assert.Single(cmdlet.Recorded.Errors).Exception.Message);
    }
}
