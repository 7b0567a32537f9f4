using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// The checks a cmdlet makes of its parameters together (beyond one parameter's rule), and the binder's own refusals:
/// each is an error that names the parameter and says what would be valid.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ParameterCheckTests(ModuleFixture module) : IDisposable
{
    private readonly Shell _shell = module.Connected();

    // Fixed, so that the theory's rows are named the same when discovered and when run; no such device exists.
    private const string Device = "5a0c7d1e-2f3b-4c6d-9e8f-0a1b2c3d4e5f";

    /// <summary>The command ends with <paramref name="ErrorId"/> (InvalidArgument unless said) and a message matching each of <paramref name="Mentions"/> in order.</summary>
    public sealed record CheckCase(string Script, string ErrorId, ErrorCategory Category, params string[] Mentions)
    {
        public override string ToString() => Script;
    }

    public static readonly IReadOnlyList<CheckCase> Cases = new CheckCase[]
    {
        new($"Get-SoDataDatapoint -DeviceUuid {Device} -CorporateAccount SoLink -Series 'Global|0|140100' -Aggregation Max",
            "AggregationWithRawGranularity", ErrorCategory.InvalidArgument, "-Aggregation", "Raw"),
        new($"Get-SoDataDatapoint -DeviceUuid {Device} -CorporateAccount SoLink -Series 'Global|0|140100' -From 2024-05-01 -To 2024-05-01",
            "FromNotBeforeTo", ErrorCategory.InvalidArgument, "-From", "-To"),
        new($"Get-SoDataDatapoint -DeviceUuid {Device} -CorporateAccount SoLink -Series 'Global|0|140100', 'Global|0'",
            "InvalidSeries", ErrorCategory.InvalidArgument, "-Series", "Global|0", "Item|Index|ServiceId"),
        // Like Export-Csv: -Path and -LiteralPath are in every parameter set, and exactly one of them is needed.
        new($"Export-SoDataDatapoint -DeviceUuid {Device} -CorporateAccount SoLink -Series 'Global|0|140100'",
            "PathOrLiteralPath", ErrorCategory.InvalidArgument, "-Path", "-LiteralPath"),
        new($"Export-SoDataDatapoint -DeviceUuid {Device} -CorporateAccount SoLink -Series 'Global|0|140100' -Path ./never.csv -LiteralPath ./never.csv",
            "PathOrLiteralPath", ErrorCategory.InvalidArgument, "-Path", "-LiteralPath", "not both"),
        new("Connect-SoData -ApiUrl 'http://api.example.com/' -AccessToken (ConvertTo-SecureString 't' -AsPlainText -Force)",
            "InsecureUrl", ErrorCategory.InvalidArgument, "-ApiUrl", "AllowInsecureHttp"),
        new("Connect-SoData -ApiUrl 'ftp://api.example.com/' -AccessToken (ConvertTo-SecureString 't' -AsPlainText -Force)",
            "InvalidUrl", ErrorCategory.InvalidArgument, "-ApiUrl"),
        // The binder's own conversions (PowerShell's ErrorId): the message names the parameter and, for an enum, the valid values.
        new("Get-SoDataDevice -CorporateAccount SoLink -PageSize 'many'",
            "CannotConvertArgumentNoMessage", ErrorCategory.InvalidArgument, "'PageSize'"),
        new($"Get-SoDataDatapoint -DeviceUuid {Device} -Series 'Global|0|140100' -Granularity Fortnight",
            "CannotConvertArgumentNoMessage", ErrorCategory.InvalidArgument, "'Granularity'", "Raw", "Minute", "Hour", "Day", "Week", "Month", "Year"),
        new($"Get-SoDataDatapoint -DeviceUuid {Device} -Series 'Global|0|140100' -Granularity Day -Aggregation Median",
            "CannotConvertArgumentNoMessage", ErrorCategory.InvalidArgument, "'Aggregation'", "Avg", "Min", "Max", "Count", "Sum", "Var", "Stdev"),
        // -Encoding is an Encoding, through a transformation as Export-Csv's: the binder's ErrorId, and the message says what is valid.
        new($"Export-SoDataDatapoint -DeviceUuid {Device} -CorporateAccount SoLink -Series 'Global|0|140100' -Path ./never.csv -Encoding klingon",
            "ParameterArgumentTransformationError", ErrorCategory.InvalidData, "'Encoding'", "-Encoding", "klingon", "utf8", "utf8BOM", "code page"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Script));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_command_ends_with_an_error_naming_the_parameter(string script)
    {
        CheckCase check = Cases.Single(c => c.Script == script);

        Outcome outcome = _shell.Run(check.Script);

        ErrorRecord error = outcome.TerminatingError();
        Assert.Equal(check.ErrorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(check.Category, error.CategoryInfo.Category);
        string message = error.ToString();
        int at = 0;
        foreach (string mention in check.Mentions)
        {
            int found = message.IndexOf(mention, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{mention}' not found (in order) in: {message}");
            at = found + mention.Length;
        }
        Assert.Empty(outcome.Output);
    }

    [Fact]
    public void Connect_SoData_says_what_is_missing_when_there_is_no_client_id()
    {
        string? saved = Environment.GetEnvironmentVariable("SODATA_CLIENT_ID");
        Environment.SetEnvironmentVariable("SODATA_CLIENT_ID", null);
        try
        {
            var arguments = module.ConnectArguments();
            arguments.Remove("ClientId");

            ErrorRecord error = _shell.Invoke("Connect-SoData", arguments).TerminatingError();

            Assert.Equal("MissingClientId", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Matches("-ClientId.*SODATA_CLIENT_ID", error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("SODATA_CLIENT_ID", saved);
        }
    }

    public void Dispose() => _shell.Dispose();
}
