using System.Collections.Concurrent;
using System.Management.Automation;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="ListingWriter"/> on its own, reading real listings from a sandbox on loopback (two corporate accounts of
/// seven customers each): pages, -First/-Skip/-IncludeTotalCount across listings, client-side filters, output order,
/// and a page that fails.
/// </summary>
public sealed class ListingWriterTests : IClassFixture<ListingWriterTests.SevenCustomers>
{
    public sealed class SevenCustomers : IDisposable
    {
        public SandboxSession Sandbox { get; } = SandboxSession.Start("--customers", "7");

        public void Dispose() => Sandbox.Dispose();
    }

    private readonly SandboxSession _sandbox;
    private readonly string _ca0;
    private readonly string _ca1;

    public ListingWriterTests(SevenCustomers fixture)
    {
        _sandbox = fixture.Sandbox;
        IReadOnlyList<CorporateAccount> accounts = _sandbox.Accounts();
        _ca0 = accounts[0].Uuid!;
        _ca1 = accounts[1].Uuid!;
    }

    /// <summary>Every customer of the account, in the server's order, read directly.</summary>
    private List<string> AllNames(string ca) =>
        new PagedReader<Customer>((skip, take, token) => _sandbox.Client.ListCustomersAsync(ca, skip, take, token), 100)
            .ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(c => c.Name!).ToList();

    /// <summary>The account's customer listing, recording each request's skip and take.</summary>
    private Func<long, int, CancellationToken, Task<Page<Customer>>> Customers(string ca, ConcurrentQueue<(long Skip, int Take)> requests) =>
        (skip, take, token) =>
        {
            requests.Enqueue((skip, take));
            return _sandbox.Client.ListCustomersAsync(ca, skip, take, token);
        };

    private static ListingWriter Writer(CommandParts parts, int pageSize, PagingParameters? paging = null, int? throttleLimit = null) =>
        new(parts.Cmdlet, parts.Async, parts.InputWork, throttleLimit ?? parts.ThrottleLimit, pageSize, paging);

    private static List<string> Names(CommandParts parts) => parts.Recorded.Output.Cast<Customer>().Select(c => c.Name!).ToList();

    [Fact]
    public void Each_page_is_asked_for_once_and_its_objects_are_written_in_the_servers_order()
    {
        var parts = new CommandParts(throttleLimit: 1);
        var requests = new ConcurrentQueue<(long, int)>();

        long matched = Writer(parts, pageSize: 3).Write(Customers(_ca0, requests), null, parts.Cmdlet.WriteObject);

        Assert.Equal(AllNames(_ca0), Names(parts));
        Assert.Equal(7, matched);
        Assert.Equal([(0L, 3), (3L, 3), (6L, 3)], requests.ToArray());
        Assert.Empty(parts.Recorded.Errors);
    }

    [Fact]
    public void Pages_read_ahead_under_a_throttle_limit_still_come_out_in_order()
    {
        var parts = new CommandParts(throttleLimit: 4);
        var requests = new ConcurrentQueue<(long, int)>();

        Writer(parts, pageSize: 2).Write(Customers(_ca0, requests), null, parts.Cmdlet.WriteObject);

        Assert.Equal(AllNames(_ca0), Names(parts));
        Assert.Equal([0L, 2L, 4L, 6L], requests.Select(r => r.Item1).Order().ToArray());
    }

    [Fact]
    public void First_and_Skip_without_a_filter_go_to_the_server_and_stop_the_reading()
    {
        var parts = new CommandParts(throttleLimit: 1);
        var requests = new ConcurrentQueue<(long, int)>();
        ListingWriter writer = Writer(parts, pageSize: 100, Paging.Of(first: 2, skip: 3));

        writer.Write(Customers(_ca0, requests), null, parts.Cmdlet.WriteObject);

        Assert.Equal(AllNames(_ca0).Skip(3).Take(2), Names(parts));
        (long skip, int take) = Assert.Single(requests);
        Assert.Equal(3, skip);
        Assert.Equal(2, take);
        Assert.True(writer.FirstReached);
        Assert.False(writer.WasComplete);
    }

    [Fact]
    public void First_and_Skip_count_across_the_listings_of_several_inputs()
    {
        var parts = new CommandParts(throttleLimit: 1);
        var requests = new ConcurrentQueue<(long, int)>();
        ListingWriter writer = Writer(parts, pageSize: 100, Paging.Of(first: 4, skip: 5));

        writer.Write(Customers(_ca0, requests), null, parts.Cmdlet.WriteObject);
        writer.Write(Customers(_ca1, requests), null, parts.Cmdlet.WriteObject);
        int asked = requests.Count;
        writer.Write(Customers(_ca0, requests), null, parts.Cmdlet.WriteObject);

        // 7 + 7 customers: skip 5 of the first account's, then 2 of it and 2 of the second's.
        Assert.Equal(AllNames(_ca0).Skip(5).Concat(AllNames(_ca1).Take(2)), Names(parts));
        Assert.True(writer.FirstReached);
        Assert.Equal(asked, requests.Count); // once -First is reached, later inputs make no request
    }

    [Fact]
    public void With_a_client_side_filter_First_and_Skip_count_the_objects_that_passed_it()
    {
        var parts = new CommandParts(throttleLimit: 1);
        var requests = new ConcurrentQueue<(long, int)>();
        Func<Customer, bool> keep = c => c.Name != "Customer 3" && c.Name != "Customer 5";
        List<string> kept = AllNames(_ca0).Where(n => n != "Customer 3" && n != "Customer 5").ToList();

        long matched = Writer(parts, pageSize: 2, Paging.Of(first: 3, skip: 1)).Write(Customers(_ca0, requests), keep, parts.Cmdlet.WriteObject);

        Assert.Equal(kept.Skip(1).Take(3), Names(parts));
        Assert.Equal(4, matched); // the skipped one and the three written
        Assert.All(requests, r => Assert.Equal(2, r.Item2)); // the page size, not -First: the filter runs here
        Assert.Equal(0, requests.First().Item1);
    }

    [Fact]
    public void IncludeTotalCount_writes_the_servers_total_before_the_objects()
    {
        var parts = new CommandParts();

        Writer(parts, pageSize: 3, Paging.Of(includeTotalCount: true)).Write(Customers(_ca0, new()), null, parts.Cmdlet.WriteObject);

        var total = Assert.IsType<PSObject>(parts.Recorded.Output[0]);
        Assert.Equal(7UL, total.BaseObject);
        Assert.Equal(AllNames(_ca0), parts.Recorded.Output.Skip(1).Cast<Customer>().Select(c => c.Name));
    }

    [Fact]
    public void A_page_that_fails_ends_that_listing_with_the_API_error_after_the_pages_before_it()
    {
        var parts = new CommandParts(throttleLimit: 1);
        // The second page is asked of an account the server does not have: a real 404 mid-listing.
        Func<long, int, CancellationToken, Task<Page<Customer>>> fetch = (skip, take, token) =>
            _sandbox.Client.ListCustomersAsync(skip == 0 ? _ca0 : "00000000-0000-0000-0000-000000000000", skip, take, token);

        var failure = Assert.Throws<SoDataApiException>(() => Writer(parts, pageSize: 3).Write(fetch, null, parts.Cmdlet.WriteObject));

        Assert.Equal(404, failure.StatusCode);
        Assert.Equal(AllNames(_ca0).Take(3), Names(parts));
    }

    [Fact]
    public void Enqueued_listings_are_written_in_input_order_though_a_later_one_finished_first()
    {
        var parts = new CommandParts(throttleLimit: 4);
        var firstMayRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var secondRead = new ManualResetEventSlim();
        var done = new List<string>();
        ListingWriter writer = Writer(parts, pageSize: 100);

        writer.Enqueue<Customer>("first", async (skip, take, token) =>
        {
            await firstMayRead.Task;
            return await _sandbox.Client.ListCustomersAsync(_ca0, skip, take, token);
        }, null, parts.Cmdlet.WriteObject, () => done.Add("first"));
        writer.Enqueue<Customer>("second", async (skip, take, token) =>
        {
            Page<Customer> page = await _sandbox.Client.ListCustomersAsync(_ca1, skip, take, token);
            secondRead.Set();
            return page;
        }, c => c.Name != "FR_Socomec", parts.Cmdlet.WriteObject, () => done.Add("second"));
        secondRead.Wait();
        Assert.Empty(parts.Recorded.Output); // nothing is written before the first input's listing
        firstMayRead.SetResult();
        parts.InputWork.CompleteAll();

        Assert.Equal(AllNames(_ca0).Concat(AllNames(_ca1).Where(n => n != "FR_Socomec")), Names(parts));
        Assert.Equal(["first", "second"], done);
    }

    [Fact]
    public void An_enqueued_listing_that_fails_is_that_inputs_error_and_the_next_input_is_still_written()
    {
        var parts = new CommandParts(throttleLimit: 4);
        var done = new List<string>();
        ListingWriter writer = Writer(parts, pageSize: 100);
        const string missing = "00000000-0000-0000-0000-000000000000";

        writer.Enqueue(missing, (skip, take, token) => _sandbox.Client.ListCustomersAsync(missing, skip, take, token), null, parts.Cmdlet.WriteObject, () => done.Add("missing"));
        writer.Enqueue(_ca1, (skip, take, token) => _sandbox.Client.ListCustomersAsync(_ca1, skip, take, token), null, parts.Cmdlet.WriteObject, () => done.Add("ca1"));
        parts.InputWork.CompleteAll();

        ErrorRecord error = Assert.Single(parts.Recorded.Errors);
        Assert.Equal(missing, error.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(AllNames(_ca1), Names(parts));
        Assert.Equal(["ca1"], done); // "done" (e.g. the not-found report of a filter) runs only for a listing read whole
    }

    [Fact]
    public void With_First_an_enqueued_listing_is_read_at_once_after_the_inputs_before_it()
    {
        var parts = new CommandParts(throttleLimit: 4);
        ListingWriter writer = Writer(parts, pageSize: 100, Paging.Of(first: 3));
        parts.InputWork.Add("earlier", _ => Task.FromResult("earlier input"), parts.Cmdlet.WriteObject);

        writer.Enqueue(_ca0, (skip, take, token) => _sandbox.Client.ListCustomersAsync(_ca0, skip, take, token), null, parts.Cmdlet.WriteObject);

        // Written before Enqueue returned, in order: -First counts exactly and stops the reading.
        Assert.Equal(new object[] { "earlier input" }.Concat(AllNames(_ca0).Take(3)), parts.Recorded.Output.Select(o => o is Customer c ? c.Name : o));
        Assert.True(writer.FirstReached);
    }
}
