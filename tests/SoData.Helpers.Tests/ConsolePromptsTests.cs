using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="ConsolePrompts"/> without a host that can prompt (a script nobody watches, a service, a test): it never
/// asks, it answers null, and Connect-SoData then says what is missing. Prompting itself needs an interactive console
/// and a host with a UI: not tested here.
/// </summary>
public sealed class ConsolePromptsTests
{
    [Fact]
    public void Without_a_host_nobody_is_asked_and_nothing_is_answered()
    {
        var prompts = new ConsolePrompts(new TestCmdlet(new RecordingRuntime()));
        Assert.False(prompts.IsInteractive());
        Assert.Null(prompts.ForClientId());
        Assert.Null(prompts.ForCredential("admin@sandbox.local"));
    }
}
