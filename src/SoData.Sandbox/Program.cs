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

// Our own "--name value" arguments are not handed to the host: they are not configuration keys.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
// Only warnings and errors, on stderr, so the ready line is alone on stdout.
builder.Logging.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// The host's default key ring warns that keys are not encrypted at rest; nothing here outlives the process.
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
var bindAddress = IPAddress.TryParse(options.Host, out var ip) ? ip
    : options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
    : Dns.GetHostAddresses(options.Host).First();
// The token issuer must be known before the first request and must not depend on the Host header (a token got via
// "localhost" has to work on "127.0.0.1"), so "--port 0" picks its free port here rather than inside Kestrel.
if (options.Port == 0)
{
    using var probe = new TcpListener(bindAddress, 0);
    probe.Start();
    options.Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
}
var host = bindAddress.AddressFamily == AddressFamily.InterNetworkV6 && options.Host.Contains(':') ? $"[{options.Host}]" : options.Host;
var baseUrl = $"http://{host}:{options.Port}/";
builder.WebHost.ConfigureKestrel(k => k.Listen(bindAddress, options.Port));

var stats = new Stats();
var fleet = new Fleet(options);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(stats);
builder.Services.AddSingleton(fleet);
builder.Services.AddSandboxAuth(options, stats, new Uri(baseUrl));

var app = builder.Build();
app.UseLatency(options);
app.UseRouting();
app.UseStats(options, stats);
app.UseFaults(options, stats);
app.UseAuthentication(); // the OpenIddict server answers token errors (invalid_client, invalid_grant...) here
app.UseApiGuard();
app.MapPost(Auth.TokenPath(options), Auth.TokenAsync);
app.MapSandboxApi(fleet, options, stats);

await app.StartAsync();

Console.WriteLine($"SoData sandbox listening on {baseUrl}");
Console.Out.Flush();

await app.WaitForShutdownAsync();
return 0;
