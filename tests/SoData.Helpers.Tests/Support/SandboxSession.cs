using System.Management.Automation;
using System.Security;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Tests.Support;

namespace SoData.Helpers.Tests.Support;

/// <summary>
/// A sandbox on a free loopback port and a session on it, as Connect-SoData -AccessToken would make one (no retries,
/// so a server fault is seen at once). Start one per test class (IClassFixture) or per test (using).
/// </summary>
public sealed class SandboxSession : IDisposable
{
    private SandboxSession(SandboxServer server, SoDataSession session)
    {
        Server = server;
        Session = session;
    }

    public SandboxServer Server { get; }

    internal SoDataSession Session { get; }

    internal SoDataClient Client => Session.Client;

    public static SandboxSession Start(params string[] sandboxArgs)
    {
        SandboxServer server = SandboxServer.Start(sandboxArgs);
        try
        {
            var token = new SecureString();
            foreach (char c in server.GetTokenAsync().GetAwaiter().GetResult()) token.AppendChar(c);
            var client = new SoDataClient(new SoDataClientOptions(server.BaseUri) { MaxRetries = 0 }, new StaticTokenSource(token));
            var session = new SoDataSession(client, server.BaseUri, SandboxServer.Realm, SandboxServer.ClientId, SandboxServer.Username, "AccessToken");
            return new SandboxSession(server, session);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The uuids of the corporate accounts, in the server's order, read directly (not through the session's cache).</summary>
    internal IReadOnlyList<CorporateAccount> Accounts() =>
        new PagedReader<CorporateAccount>(Client.ListCorporateAccountsAsync, 100).ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult();

    public void Dispose()
    {
        Session.Dispose();
        Server.Dispose();
    }
}

/// <summary>The default sandbox (two corporate accounts), shared by a test class.</summary>
public sealed class DefaultSandbox : IDisposable
{
    public SandboxSession Sandbox { get; } = SandboxSession.Start();

    public void Dispose() => Sandbox.Dispose();
}

/// <summary>The parts a command gives its helpers, built around a <see cref="TestCmdlet"/>: what they write is recorded.</summary>
internal sealed class CommandParts
{
    public CommandParts(string commandName = "Get-SoDataThing", int throttleLimit = 8)
    {
        Cmdlet = new TestCmdlet(new RecordingRuntime());
        Async = new AsyncRunner(Cmdlet);
        Input = new PipedInput(Cmdlet);
        Input.Begin(commandName, []);
        InputWork = new OrderedWork(Cmdlet, Async, throttleLimit, WorkFailure.PerInput);
        ThrottleLimit = throttleLimit;
    }

    public TestCmdlet Cmdlet { get; }
    public RecordingRuntime Recorded => Cmdlet.Recorded;
    public AsyncRunner Async { get; }
    public PipedInput Input { get; }
    public OrderedWork InputWork { get; }
    public int ThrottleLimit { get; }

    /// <summary>The errors' ids, without the command's name PowerShell appends.</summary>
    public List<string> ErrorIds => Recorded.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
}

/// <summary>A -First/-Skip/-IncludeTotalCount as PowerShell binds them (its constructor is PowerShell's own).</summary>
internal static class Paging
{
    public static PagingParameters Of(ulong first = ulong.MaxValue, ulong skip = 0, bool includeTotalCount = false)
    {
        var paging = (PagingParameters)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(PagingParameters));
        paging.First = first;
        paging.Skip = skip;
        paging.IncludeTotalCount = includeTotalCount;
        return paging;
    }
}
