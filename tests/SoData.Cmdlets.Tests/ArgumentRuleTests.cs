using System.Management.Automation;
using System.Reflection;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// Every argument rule of every cmdlet ([Uuid], [Range], [NotEmpty], [SeriesRef] on a parameter), broken on the command
/// line: the command ends with the rule's ErrorId, category InvalidArgument, and an ArgumentException naming the
/// parameter. <see cref="Every_rule_of_the_module_has_a_row"/> keeps the table in step with the shipped SoData.dll.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ArgumentRuleTests(ModuleFixture module) : IDisposable
{
    private readonly Shell _shell = module.Connected();

    /// <summary>One broken rule: <see cref="Parameter"/> given <see cref="Value"/>, the rest of <see cref="Others"/> valid.</summary>
    public sealed record Case(string Command, string Parameter, object? Value, string ErrorId, Dictionary<string, object?> Others)
    {
        public override string ToString() => $"{Command} -{Parameter} {Show(Value)}";

        private static string Show(object? value) => value switch
        {
            null => "$null",
            string text => $"'{text}'",
            Array { Length: 0 } => "@()",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        };
    }

    private const string InvalidUuid = "InvalidUuid";
    private const string EmptyArgument = "EmptyArgument";
    private const string OutOfRange = "ArgumentOutOfRange";
    private const string InvalidSeries = "InvalidSeries";

    private static readonly string Device = Guid.NewGuid().ToString();
    private static readonly string NeverWritten = Path.Combine(Path.GetTempPath(), $"sodata-rule-{Guid.NewGuid():N}.csv");

    // What each cmdlet needs besides the broken parameter, so that only the rule can fail.
    private static Dictionary<string, object?> None() => new();
    private static Dictionary<string, object?> ByDevice() => new() { ["DeviceUuid"] = Device };
    private static Dictionary<string, object?> Series() => new() { ["DeviceUuid"] = Device, ["Series"] = "Global|0|140100" };
    private static Dictionary<string, object?> SeriesToFile() => new() { ["DeviceUuid"] = Device, ["Series"] = "Global|0|140100", ["Path"] = NeverWritten };
    private static Dictionary<string, object?> SeriesToFolder() => new() { ["DeviceUuid"] = Device, ["Series"] = "Global|0|140100", ["Path"] = NeverWrittenFolder };
    private static readonly string NeverWrittenFolder = Path.Combine(Path.GetTempPath(), $"sodata-rule-{Guid.NewGuid():N}");
    private static Dictionary<string, object?> Request() => new() { ["Path"] = "ca" };

    private static readonly Dictionary<string, Func<Dictionary<string, object?>>> Needs = new()
    {
        ["Get-SoDataCorporateAccount"] = None,
        ["Get-SoDataCustomer"] = None,
        ["Get-SoDataSite"] = None,
        ["Get-SoDataDevice"] = None,
        ["Get-SoDataDataAccessGroup"] = None,
        ["Get-SoDataItem"] = ByDevice,
        ["Get-SoDataVariable"] = ByDevice,
        ["Get-SoDataLastValue"] = ByDevice,
        ["Get-SoDataDatapoint"] = Series,
        ["Export-SoDataDatapoint"] = SeriesToFile,
        ["Sync-SoDataDatapoint"] = SeriesToFolder,
        ["Invoke-SoDataRequest"] = Request,
    };

    private static readonly string[] ListCmdlets =
    {
        "Get-SoDataCorporateAccount", "Get-SoDataCustomer", "Get-SoDataSite", "Get-SoDataDevice", "Get-SoDataDataAccessGroup",
        "Get-SoDataItem", "Get-SoDataVariable", "Invoke-SoDataRequest",
    };

    private static readonly string[] CorporateAccountScoped =
    {
        "Get-SoDataCustomer", "Get-SoDataSite", "Get-SoDataDevice", "Get-SoDataDataAccessGroup", "Get-SoDataItem", "Get-SoDataVariable",
        "Get-SoDataLastValue", "Get-SoDataDatapoint", "Export-SoDataDatapoint", "Sync-SoDataDatapoint",
    };

    public static readonly IReadOnlyList<Case> Cases = BuildCases();

    private static List<Case> BuildCases()
    {
        var cases = new List<Case>();
        void Add(string command, string parameter, object? value, string errorId, Dictionary<string, object?>? others = null) =>
            cases.Add(new Case(command, parameter, value, errorId, others ?? Needs[command]()));

        // Parameters every API cmdlet has.
        foreach (string command in Needs.Keys)
        {
            Add(command, "Session", null, EmptyArgument);
            Add(command, "ThrottleLimit", 0, OutOfRange);
            Add(command, "ThrottleLimit", -1, OutOfRange);
            Add(command, "ThrottleLimit", 65, OutOfRange);
        }
        foreach (string command in ListCmdlets)
        {
            Add(command, "PageSize", 0, OutOfRange);
            Add(command, "PageSize", 1001, OutOfRange);
        }
        foreach (string command in CorporateAccountScoped)
        {
            Add(command, "CorporateAccountUuid", "123", InvalidUuid);
            Add(command, "CorporateAccount", " ", EmptyArgument);
        }

        Add("Connect-SoData", "ApiUrl", null, EmptyArgument, None());
        Add("Connect-SoData", "AuthUrl", null, EmptyArgument, None());
        Add("Connect-SoData", "Realm", "", EmptyArgument, None());
        Add("Connect-SoData", "ClientId", "", EmptyArgument, None());
        Add("Connect-SoData", "ClientSecret", null, EmptyArgument, None());
        Add("Connect-SoData", "Credential", null, EmptyArgument, None());
        Add("Connect-SoData", "AccessToken", null, EmptyArgument, None());
        Add("Connect-SoData", "MaxRetries", -1, OutOfRange, None());
        Add("Connect-SoData", "MaxRetries", 11, OutOfRange, None());
        Add("Connect-SoData", "TimeoutSec", 0, OutOfRange, None());
        Add("Connect-SoData", "TimeoutSec", 3601, OutOfRange, None());
        Add("Connect-SoData", "MaxThrottleWaitSec", 0, OutOfRange, None());
        Add("Connect-SoData", "MaxThrottleWaitSec", -60, OutOfRange, None());
        Add("Connect-SoData", "MaxThrottleWaitSec", 86401, OutOfRange, None());
        Add("Connect-SoData", "Proxy", null, EmptyArgument, None());
        Add("Connect-SoData", "ProxyCredential", null, EmptyArgument, None());

        Add("Get-SoDataCorporateAccount", "Uuid", "not-a-uuid", InvalidUuid);
        Add("Get-SoDataCorporateAccount", "Uuid", "", InvalidUuid);
        Add("Get-SoDataCorporateAccount", "Name", "", EmptyArgument);
        Add("Get-SoDataCustomer", "Name", "", EmptyArgument);
        Add("Get-SoDataSite", "Name", "", EmptyArgument);
        Add("Get-SoDataSite", "CustomerUuid", "nope", InvalidUuid, new() { ["CorporateAccount"] = "SoLink" });
        Add("Get-SoDataDevice", "Name", "", EmptyArgument);
        Add("Get-SoDataDevice", "SerialNumber", "", EmptyArgument, new() { ["CorporateAccount"] = "SoLink" });
        Add("Get-SoDataDevice", "SiteUuid", "nope", InvalidUuid, new() { ["CorporateAccount"] = "SoLink" });
        Add("Get-SoDataDevice", "CustomerUuid", "nope", InvalidUuid, new() { ["CorporateAccount"] = "SoLink" });
        Add("Get-SoDataDevice", "Uuid", "", InvalidUuid, new() { ["CorporateAccount"] = "SoLink" });
        Add("Get-SoDataDataAccessGroup", "Name", "", EmptyArgument, new() { ["CorporateAccount"] = "SoLink" });
        Add("Get-SoDataItem", "DeviceUuid", "x", InvalidUuid, None());
        Add("Get-SoDataItem", "Name", "", EmptyArgument);
        Add("Get-SoDataItem", "ItemType", Array.Empty<string>(), EmptyArgument);
        Add("Get-SoDataVariable", "DeviceUuid", "", InvalidUuid, None());
        Add("Get-SoDataVariable", "ItemUuid", "x", InvalidUuid);
        Add("Get-SoDataVariable", "Name", "", EmptyArgument);
        Add("Get-SoDataVariable", "ServiceType", "", EmptyArgument);
        Add("Get-SoDataVariable", "ServiceId", Array.Empty<int>(), EmptyArgument);
        Add("Get-SoDataVariable", "ItemType", "", EmptyArgument);
        Add("Get-SoDataVariable", "StreamRef", "", EmptyArgument);
        Add("Get-SoDataVariable", "StreamRef", "Global|0", InvalidSeries);
        Add("Get-SoDataLastValue", "DeviceUuid", "x", InvalidUuid, None());
        Add("Get-SoDataLastValue", "DeviceUuid", Array.Empty<string>(), EmptyArgument, None());
        Add("Get-SoDataLastValue", "ServiceType", "", EmptyArgument);
        Add("Get-SoDataLastValue", "ServiceId", null, EmptyArgument);
        Add("Get-SoDataLastValue", "StreamRef", "", EmptyArgument);
        Add("Get-SoDataLastValue", "StreamRef", "Global|x|140100", InvalidSeries);
        Add("Get-SoDataDatapoint", "DeviceUuid", "x", InvalidUuid, new() { ["Series"] = "Global|0|140100" });
        Add("Get-SoDataDatapoint", "Series", "Global|x|140100", InvalidSeries, ByDevice());
        Add("Get-SoDataDatapoint", "Series", Array.Empty<string>(), EmptyArgument, ByDevice());
        Add("Get-SoDataDatapoint", "InputObject", Array.Empty<object>(), EmptyArgument, None());
        Add("Get-SoDataDatapoint", "Device", Array.Empty<object>(), EmptyArgument, new() { ["Series"] = "Global|0|140100" });
        Add("Get-SoDataDatapoint", "TimeZone", " ", EmptyArgument);
        Add("Get-SoDataDatapoint", "BatchSize", 0, OutOfRange);
        Add("Get-SoDataDatapoint", "BatchSize", 1001, OutOfRange);
        Add("Get-SoDataDatapoint", "PivotHeader", "{Device} ({Unit})", "InvalidPivotHeader");
        Add("Export-SoDataDatapoint", "DeviceUuid", "x", InvalidUuid, new() { ["Series"] = "Global|0|140100", ["Path"] = NeverWritten });
        Add("Export-SoDataDatapoint", "Series", "Global|0", InvalidSeries, new() { ["DeviceUuid"] = Device, ["Path"] = NeverWritten });
        Add("Export-SoDataDatapoint", "Series", Array.Empty<string>(), EmptyArgument, new() { ["DeviceUuid"] = Device, ["Path"] = NeverWritten });
        Add("Export-SoDataDatapoint", "InputObject", Array.Empty<object>(), EmptyArgument, new() { ["Path"] = NeverWritten });
        Add("Export-SoDataDatapoint", "Device", Array.Empty<object>(), EmptyArgument, new() { ["Series"] = "Global|0|140100", ["Path"] = NeverWritten });
        Add("Export-SoDataDatapoint", "Path", "", EmptyArgument, Series());
        Add("Export-SoDataDatapoint", "LiteralPath", "", EmptyArgument, Series());
        Add("Export-SoDataDatapoint", "Encoding", null, EmptyArgument);
        Add("Export-SoDataDatapoint", "WorksheetName", "", EmptyArgument,
            new() { ["DeviceUuid"] = Device, ["Series"] = "Global|0|140100", ["Path"] = Path.ChangeExtension(NeverWritten, ".xlsx") });
        Add("Export-SoDataDatapoint", "TimeZone", "", EmptyArgument);
        Add("Export-SoDataDatapoint", "BatchSize", 0, OutOfRange);
        Add("Export-SoDataDatapoint", "BatchSize", 1001, OutOfRange);
        Add("Sync-SoDataDatapoint", "DeviceUuid", "x", InvalidUuid, new() { ["Series"] = "Global|0|140100", ["Path"] = NeverWrittenFolder });
        Add("Sync-SoDataDatapoint", "Series", "Global|0", InvalidSeries, new() { ["DeviceUuid"] = Device, ["Path"] = NeverWrittenFolder });
        Add("Sync-SoDataDatapoint", "Series", Array.Empty<string>(), EmptyArgument, new() { ["DeviceUuid"] = Device, ["Path"] = NeverWrittenFolder });
        Add("Sync-SoDataDatapoint", "InputObject", Array.Empty<object>(), EmptyArgument, new() { ["Path"] = NeverWrittenFolder });
        Add("Sync-SoDataDatapoint", "Device", Array.Empty<object>(), EmptyArgument, new() { ["Series"] = "Global|0|140100", ["Path"] = NeverWrittenFolder });
        Add("Sync-SoDataDatapoint", "Path", "", EmptyArgument, Series());
        Add("Sync-SoDataDatapoint", "TimeZone", "", EmptyArgument);
        Add("Export-SoDataDatapoint", "PivotHeader", "no field", "InvalidPivotHeader");
        Add("Invoke-SoDataRequest", "Path", "", EmptyArgument, None());
        return cases;
    }

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_broken_rule_ends_the_command_with_its_ErrorId_and_names_the_parameter(string name)
    {
        Case broken = Cases.Single(c => c.ToString() == name);
        var arguments = new Dictionary<string, object?>(broken.Others, StringComparer.OrdinalIgnoreCase) { [broken.Parameter] = broken.Value };

        Outcome outcome = _shell.Invoke(broken.Command, arguments);

        ErrorRecord error = outcome.TerminatingError();
        Assert.Equal(broken.ErrorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        var argument = Assert.IsAssignableFrom<ArgumentException>(error.Exception);
        Assert.Equal(broken.Parameter, argument.ParamName);
        Assert.StartsWith($"-{broken.Parameter}:", error.Exception.Message);
        Assert.Empty(outcome.Output);
        Assert.False(File.Exists(NeverWritten));
    }

    [Fact]
    public void Every_rule_of_the_module_has_a_row()
    {
        var shipped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (PSObject command in _shell.Get("Get-Command -Module SoData -CommandType Cmdlet"))
        {
            var cmdlet = (CmdletInfo)command.BaseObject;
            foreach (PropertyInfo property in cmdlet.ImplementingType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.GetCustomAttributes<ParameterAttribute>(true).Any()) continue;
                foreach (Attribute rule in property.GetCustomAttributes(true).OfType<Attribute>().Where(IsArgumentRule))
                    shipped.Add($"{cmdlet.Name} -{property.Name} {rule.GetType().GetProperty("ErrorId")!.GetValue(rule)}");
            }
        }
        var tested = new SortedSet<string>(Cases.Select(c => $"{c.Command} -{c.Parameter} {c.ErrorId}"), StringComparer.Ordinal);

        Assert.True(shipped.Count > 50, $"Found only {shipped.Count} rules in {module.ModulePath}: is SoData.dll the built module?");
        Assert.Empty(shipped.Except(tested)); // a rule without a row: add one above
        Assert.Empty(tested.Except(shipped)); // a row whose rule is gone from the module
    }

    private static bool IsArgumentRule(Attribute attribute)
    {
        for (Type? type = attribute.GetType(); type is not null; type = type.BaseType)
            if (type.FullName == "SoData.Cmdlets.ArgumentRuleAttribute") return true;
        return false;
    }

    public void Dispose() => _shell.Dispose();
}
