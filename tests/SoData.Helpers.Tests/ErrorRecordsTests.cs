using System.Management.Automation;
using System.Security;
using SoData.Auth;
using SoData.Client;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using Xunit;

namespace SoData.Helpers.Tests;

/// <summary>
/// <see cref="ErrorRecords"/> on its own: the one map from failures to error records (stable ErrorId, the category
/// users filter on), on failures the sandbox really gives and on each status the map knows.
/// </summary>
public sealed class ErrorRecordsTests(DefaultSandbox fixture) : IClassFixture<DefaultSandbox>
{
    private static SoDataApiException Status(int? status) => new("GET", "api/v1/ca", status, null, $"GET api/v1/ca: {status}");

    [Theory]
    [InlineData(400, "ApiBadRequest", ErrorCategory.InvalidArgument)]
    [InlineData(401, "ApiUnauthorized", ErrorCategory.AuthenticationError)]
    [InlineData(403, "ApiForbidden", ErrorCategory.PermissionDenied)]
    [InlineData(404, "ApiNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(429, "ApiThrottled", ErrorCategory.LimitsExceeded)]
    [InlineData(500, "ApiServerError", ErrorCategory.ConnectionError)]
    [InlineData(503, "ApiServerError", ErrorCategory.ConnectionError)]
    [InlineData(200, "ApiInvalidResponse", ErrorCategory.InvalidData)]
    [InlineData(418, "ApiError", ErrorCategory.NotSpecified)]
    [InlineData(null, "ApiUnreachable", ErrorCategory.ConnectionError)]
    public void Each_API_status_has_a_stable_id_and_category(int? status, string errorId, ErrorCategory category)
    {
        ErrorRecord record = ErrorRecords.From(Status(status), "target");
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("target", record.TargetObject);
    }

    [Fact]
    public void A_real_404_from_the_server_is_ObjectNotFound_about_the_input()
    {
        const string missing = "00000000-0000-0000-0000-000000000000";
        var failure = Assert.ThrowsAny<SoDataApiException>(() =>
            fixture.Sandbox.Client.ListCustomersAsync(missing, 0, 10, CancellationToken.None).GetAwaiter().GetResult());

        ErrorRecord record = ErrorRecords.From(failure, missing);

        Assert.Equal("ApiNotFound", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.False(ErrorRecords.EndsCommand(failure, record));
    }

    [Fact]
    public void A_token_the_server_refuses_is_an_authentication_error_that_ends_the_command()
    {
        var token = new SecureString();
        foreach (char c in "not-a-token") token.AppendChar(c);
        using var client = new SoDataClient(new SoDataClientOptions(fixture.Sandbox.Server.BaseUri) { MaxRetries = 0 }, new StaticTokenSource(token));
        Exception failure = Assert.ThrowsAny<Exception>(() => client.ListCorporateAccountsAsync(0, 10, CancellationToken.None).GetAwaiter().GetResult());

        ErrorRecord record = ErrorRecords.From(failure, null);

        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.True(ErrorRecords.EndsCommand(failure, record));
        Assert.DoesNotContain("not-a-token", record.ToString());
    }

    [Fact]
    public void A_server_that_is_not_there_is_a_connection_error_with_advice_never_a_credentials_problem()
    {
        // A port that was free a moment ago, now closed: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var token = new SecureString();
        token.AppendChar('x');
        using var client = new SoDataClient(new SoDataClientOptions(new Uri($"http://127.0.0.1:{port}/")) { MaxRetries = 0 }, new StaticTokenSource(token));
        var failure = Assert.ThrowsAny<SoDataApiException>(() => client.ListCorporateAccountsAsync(0, 10, CancellationToken.None).GetAwaiter().GetResult());

        ErrorRecord record = ErrorRecords.From(failure, null);

        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
        Assert.False(string.IsNullOrEmpty(record.ErrorDetails?.RecommendedAction));
        Assert.False(ErrorRecords.EndsCommand(failure, record));
    }

    [Theory]
    [InlineData(AuthenticationProblem.CredentialsRefused, "AuthenticationFailed", ErrorCategory.AuthenticationError)]
    [InlineData(AuthenticationProblem.TokenRejected, "AccessTokenRejected", ErrorCategory.AuthenticationError)]
    [InlineData(AuthenticationProblem.RequestRefused, "TokenRequestRefused", ErrorCategory.InvalidOperation)]
    [InlineData(AuthenticationProblem.ServerError, "AuthServerError", ErrorCategory.ConnectionError)]
    public void Each_token_problem_has_its_id_category_and_a_recommended_action(AuthenticationProblem problem, string errorId, ErrorCategory category)
    {
        var failure = new SoDataAuthenticationException("refused", problem: problem);
        ErrorRecord record = ErrorRecords.From(failure, null);
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.False(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction));
        Assert.True(ErrorRecords.EndsCommand(failure, record)); // no later request could get a token either
    }

    [Fact]
    public void Anything_else_is_an_unexpected_error_kept_as_it_is()
    {
        var bug = new InvalidOperationException("bug");
        ErrorRecord record = ErrorRecords.From(bug, "t");
        Assert.Equal("UnexpectedError", record.FullyQualifiedErrorId);
        Assert.Same(bug, record.Exception);
    }

    [Fact]
    public void The_records_for_mistakes_have_their_categories()
    {
        Assert.Equal(ErrorCategory.InvalidArgument, ErrorRecords.InvalidArgument("X", "m", null).CategoryInfo.Category);
        ErrorRecord notFound = ErrorRecords.NotFound("DeviceNotFound", "No device.", "d");
        Assert.Equal(ErrorCategory.ObjectNotFound, notFound.CategoryInfo.Category);
        Assert.IsType<ItemNotFoundException>(notFound.Exception);
        ErrorRecord noSession = ErrorRecords.NoSession();
        Assert.Equal("NoSession", noSession.FullyQualifiedErrorId);
        Assert.Contains("Connect-SoData", noSession.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Advice_is_said_once_on_PowerShell_7()
    {
        Assert.Equal("Could not connect.", ErrorRecords.WithoutAdvice("Could not connect. Check the proxy.", "Check the proxy."));
        Assert.Equal("Could not connect.", ErrorRecords.WithoutAdvice("Could not connect.", "Check the proxy."));
    }
}
