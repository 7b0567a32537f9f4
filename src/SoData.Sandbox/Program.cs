using System.Net;
using System.Net.Sockets;
using SoData.Sandbox;

if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine(SandboxOptions.Usage);
    return 0;
}
var options = SandboxOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(SandboxOptions.Usage);
    return 2;
}

var bindAddress = IPAddress.TryParse(options.Host, out var ip) ? ip
    : options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
    : Dns.GetHostAddresses(options.Host).First();
var host = bindAddress.AddressFamily == AddressFamily.InterNetworkV6 && options.Host.Contains(':') ? $"[{options.Host}]" : options.Host;

// The token issuer must be known before the first request and must not depend on the Host header (a token got via
// "localhost" has to work on "127.0.0.1"), so "--port 0" picks its free port here rather than inside Kestrel. Another
// socket may take that port before Kestrel binds it (outgoing connections draw from the same range), so a failed bind
// on a picked port is tried again with a new one.
var pickPort = options.Port == 0;
WebApplication app;
for (var attempt = 1; ; attempt++)
{
    if (pickPort) options.Port = FreePort(bindAddress);
    app = Build(options, bindAddress, new Uri($"http://{host}:{options.Port}/"));
    try
    {
        await app.StartAsync();
        break;
    }
    catch (IOException e)
    {
        await app.DisposeAsync();
        if (pickPort && attempt < 5) continue;
        Console.Error.WriteLine($"{e.Message} Pick another port with --port (0 = a free one), or with -Port when it runs from ./build.ps1 Sandbox (e.g. ./build.ps1 Sandbox -Port 5081).");
        return 1;
    }
}

Console.WriteLine($"SoData sandbox listening on http://{host}:{options.Port}/");
foreach (var line in SandboxBanner.Lines(options, new Uri($"http://{host}:{options.Port}/"))) Console.WriteLine(line);
Console.Out.Flush();

await app.WaitForShutdownAsync();
return 0;

static int FreePort(IPAddress bindAddress)
{
    using var probe = new TcpListener(bindAddress, 0);
    probe.Start();
    var port = ((IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    return port;
}

static WebApplication Build(SandboxOptions options, IPAddress bindAddress, Uri baseUrl)
{
    // Our own "--name value" arguments are not handed to the host: they are not configuration keys.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.Logging.ClearProviders();
    // Only warnings and errors, on stderr, so the ready line is alone on stdout.
    builder.Logging.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // The host's default key ring warns that keys are not encrypted at rest; nothing here outlives the process.
    builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
    // A failed bind is reported once, below, in a sentence rather than a logged stack trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
    builder.WebHost.ConfigureKestrel(k => k.Listen(bindAddress, options.Port));

    var stats = new Stats();
    var fleet = new Fleet(options);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(stats);
    builder.Services.AddSingleton(fleet);
    builder.Services.AddSandboxAuth(options, stats, baseUrl);

    var app = builder.Build();
    app.UseRouting();
    app.UseStats(options, stats);
    app.UseLatency(options);
    app.UseRateLimit(options, stats);
    app.UseFaults(options, stats);
    ServerClock.Of(options).Map(app);
    new DatapointsSwitches().Map(app);
    app.UseHostile(options);
    app.UseAuthentication(); // the OpenIddict server answers token errors (invalid_client, invalid_grant...) here
    app.UseApiGuard();
    app.MapPost(Auth.TokenPath(options), Auth.TokenAsync);
    app.MapSandboxApi(fleet, options, stats);
    return app;
}
