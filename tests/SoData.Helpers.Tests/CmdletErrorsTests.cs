using System.Management.Automation;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>The failure policy every command shares: an API failure is that input's error, a credentials failure ends the command.</summary>
public class CmdletErrorsTests
{
    private static SoDataApiException NotFound() => new("GET", "api/customers/x", 404, "Not found", "Not found: customer 'x'.");

    [Fact]
    public void An_api_failure_in_one_input_is_its_error_record_and_the_next_input_still_runs()
    {
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        cmdlet.ForInput("first", () => throw NotFound());
        cmdlet.ForInput("second", () => cmdlet.WriteObject("second ran"));

        ErrorRecord error = Assert.Single(cmdlet.Recorded.Errors);
        Assert.Equal("ApiNotFound", error.FullyQualifiedErrorId);
        Assert.Equal("first", error.TargetObject);
        Assert.Equal(["second ran"], cmdlet.Recorded.Output);
    }

    [Fact]
    public void A_credentials_failure_ends_the_command_since_no_later_input_could_succeed()
    {
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        var ended = Assert.Throws<CommandTerminatedException>(() =>
            cmdlet.ForInput("first", () => throw new SoDataAuthenticationException("invalid_grant", "invalid_grant", statusCode: 400)));

        Assert.Equal(ErrorCategory.AuthenticationError, ended.ErrorRecord.CategoryInfo.Category);
        Assert.Empty(cmdlet.Recorded.Errors);
    }

    [Fact]
    public void A_bug_is_not_dressed_up_as_an_api_error()
    {
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        Assert.Throws<InvalidOperationException>(() => cmdlet.ForInput("first", () => throw new InvalidOperationException("bug")));
        Assert.Empty(cmdlet.Recorded.Errors);
    }

    [Fact]
    public void WriteOrThrow_writes_an_api_failure_as_the_targets_error()
    {
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        cmdlet.WriteOrThrow(NotFound(), "device-uuid");

        ErrorRecord error = Assert.Single(cmdlet.Recorded.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("device-uuid", error.TargetObject);
    }
}
