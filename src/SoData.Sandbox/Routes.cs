using System.Text.Json;

namespace SoData.Sandbox;

/// <summary>The /api/v1 routes (guide section 5) plus the unauthenticated /_sandbox test hooks.</summary>
public static class Routes
{
    public static void MapSandboxApi(this WebApplication app, Fleet fleet, SandboxOptions o, Stats stats)
    {
        var api = app.MapGroup("/api/v1");

        api.MapGet("/ca", (HttpRequest r) =>
            Json.Page(fleet.CorporateAccounts, Paging.Parse(r, o.MaxTake), ca => Views.Ca(fleet, ca)));

        api.MapGet("/ca/{ca}/customers", (HttpRequest r, string ca) =>
        {
            var account = Ca(fleet, ca);
            var all = string.Equals(r.Query["detailsLevel"], "ALL", StringComparison.OrdinalIgnoreCase);
            return Json.Page(account.Customers, Paging.Parse(r, o.MaxTake), c => Views.Customer(fleet, c, all));
        });

        api.MapGet("/ca/{ca}/sites", (HttpRequest r, string ca) =>
        {
            var account = Ca(fleet, ca);
            var customerUuid = r.Query["customerUuid"].ToString();
            IReadOnlyList<Site> sites = customerUuid.Length == 0
                ? account.Sites
                : (fleet.FindCustomer(account, customerUuid) ?? throw new NotFoundException($"Customer '{customerUuid}' not found")).Sites;
            return Json.Page(sites, Paging.Parse(r, o.MaxTake), s => Views.Site(fleet, s));
        });

        api.MapGet("/ca/{ca}/devices", (HttpRequest r, string ca) =>
        {
            var account = Ca(fleet, ca);
            var siteUuid = r.Query["siteUuid"].ToString();
            IReadOnlyList<Device> devices = siteUuid.Length == 0
                ? account.Devices
                : (fleet.FindSite(account, siteUuid) ?? throw new NotFoundException($"Site '{siteUuid}' not found")).Devices;
            var withContact = Bool(r, "withContact");
            var withAddress = Bool(r, "withAddress");
            return Json.Page(devices, Paging.Parse(r, o.MaxTake), d => Views.Device(fleet, d, withContact, withAddress));
        });

        api.MapGet("/ca/{ca}/devices/{device}/items", (HttpRequest r, string ca, string device) =>
            Json.Page(Device(fleet, ca, device).Items(fleet), Paging.Parse(r, o.MaxTake), Views.Item));

        api.MapGet("/ca/{ca}/devices/{device}/variables", (HttpRequest r, string ca, string device) =>
            Json.Page(Device(fleet, ca, device).Variables(fleet), Paging.Parse(r, o.MaxTake), v => Views.Variable(fleet, v)));

        api.MapGet("/ca/{ca}/devices/{device}/last-values", (string ca, string device) =>
        {
            var d = Device(fleet, ca, device);
            // The latest raw sample at or before now, from the same signal as the datapoints route.
            var now = ServerClock.Of(o).Now.ToUnixTimeSeconds();
            var t = Signal.FloorDiv(now, o.SamplePeriod) * o.SamplePeriod;
            var at = DateTimeOffset.FromUnixTimeSeconds(t);
            return Json.Ok(new
            {
                devices = new[]
                {
                    new { deviceUuid = d.Uuid, values = d.Variables(fleet).Select(v => Views.LastValue(v, at, Signal.Value(v, t))).ToArray() },
                },
            });
        });

        api.MapGet("/ca/{ca}/data-access-groups", (HttpRequest r, string ca) =>
        {
            var account = Ca(fleet, ca);
            var indexes = Enumerable.Range(0, account.Customers.Count + 1).ToList();
            return Json.Page(indexes, Paging.Parse(r, o.MaxTake), i => Views.DataAccessGroup(fleet, account, i));
        });

        api.MapPut("/ca/{ca}/datapoints", async (HttpContext http, string ca) =>
        {
            var account = Ca(fleet, ca);
            JsonDocument doc;
            try
            {
                doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            }
            catch (JsonException e)
            {
                throw new BadRequestException($"Malformed JSON body: {e.Message}");
            }
            using (doc)
            {
                var request = Datapoints.Parse(doc.RootElement);
                await Datapoints.WriteAsync(http, fleet, account, request, o);
            }
        });

        app.MapGet("/_sandbox/stats", () => Json.Ok(stats.Snapshot()));
        app.MapGet("/_sandbox/requests", () => Json.Ok(new { requests = stats.Logged() }));
        app.MapDelete("/_sandbox/stats", () =>
        {
            stats.Reset();
            return Results.NoContent();
        });
    }

    private static CorporateAccount Ca(Fleet fleet, string uuid) =>
        fleet.FindCa(uuid) ?? throw new NotFoundException($"Corporate account '{uuid}' not found");

    private static Device Device(Fleet fleet, string ca, string uuid) =>
        fleet.FindDevice(Ca(fleet, ca), uuid) ?? throw new NotFoundException($"Device '{uuid}' not found");

    private static bool Bool(HttpRequest r, string name)
    {
        var text = r.Query[name].ToString();
        if (text.Length == 0) return false;
        return bool.TryParse(text, out var b) ? b : throw new BadRequestException($"'{name}' must be true or false (got '{text}').");
    }
}
