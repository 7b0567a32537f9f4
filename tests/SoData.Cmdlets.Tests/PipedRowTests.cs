using System.Management.Automation;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// CSV rows piped into a cmdlet (Import-Csv, ConvertFrom-Csv): a bad value in one row is a non-terminating
/// InvalidArgument error for that row, and the rows before and after it are still processed.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class PipedRowTests : IDisposable
{
    private readonly Shell _shell;
    private readonly string _account;
    private readonly string[] _devices;

    public PipedRowTests(ModuleFixture module)
    {
        _shell = module.Connected();
        _account = (string)_shell.Get($"(Get-SoDataCorporateAccount -Name {SandboxFacts.CorporateAccount}).Uuid")[0].BaseObject;
        _devices = _shell.Get($"(Get-SoDataDevice -CorporateAccountUuid '{_account}' | Select-Object -First 2).Uuid").Select(o => (string)o.BaseObject).ToArray();
    }

    /// <param name="NamesRow">The cmdlet reads any piped row itself, so its error starts with the row's position.</param>
    public sealed record RowCase(string Command, string Header, string BadValue, string Parameter, string ErrorId, string Arguments = "", bool NamesRow = false)
    {
        public override string ToString() => $"{Command} {Header}={BadValue}";
    }

    public static readonly IReadOnlyList<RowCase> Cases = new RowCase[]
    {
        new("Get-SoDataVariable", "DeviceUuid", "not-a-uuid", "DeviceUuid", "InvalidUuid", NamesRow: true),
        new("Get-SoDataItem", "DeviceUuid", "", "DeviceUuid", "InvalidUuid", NamesRow: true),
        new("Get-SoDataLastValue", "Uuid", "123", "DeviceUuid", "InvalidUuid", $"-StreamRef '{SandboxFacts.StreamRef}'", NamesRow: true),
        new("Get-SoDataDatapoint", "DeviceUuid", "nope", "DeviceUuid", "InvalidUuid", $"-Series '{SandboxFacts.StreamRef}' -From 2024-05-01T00:00:00Z -To 2024-05-01T01:00:00Z", NamesRow: true),
        new("Get-SoDataDevice", "Uuid", "nope", "Uuid", "InvalidUuid", NamesRow: true),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_bad_value_fails_its_row_only(string name)
    {
        RowCase row = Cases.Single(c => c.ToString() == name);
        string csv = $"CorporateAccountUuid,{row.Header}\n{_account},{_devices[0]}\n{_account},\"{row.BadValue}\"\n{_account},{_devices[1]}";

        Outcome outcome = _shell.Run($"$csv | ConvertFrom-Csv | {row.Command} {row.Arguments}", new Dictionary<string, object?> { ["csv"] = csv });

        ErrorRecord error = outcome.SingleError();
        Assert.Equal(row.ErrorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(row.Parameter, Assert.IsAssignableFrom<ArgumentException>(error.Exception).ParamName);
        Assert.StartsWith((row.NamesRow ? "Row 2 of the piped input: " : "") + $"-{row.Parameter}:", error.ToString());
        Assert.Equal(row.BadValue, error.TargetObject);
        // Both good rows, the one before the bad row and the one after it, gave output.
        var seen = outcome.Output.Select(DeviceOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains(_devices[0], seen);
        Assert.Contains(_devices[1], seen);
    }

    [Fact]
    public void A_malformed_mapping_config_fails_its_row_only()
    {
        string csv = $"DeviceUuid,CorporateAccountUuid,StreamRef\n{_devices[0]},{_account},{SandboxFacts.StreamRef}\n{_devices[0]},{_account},nonsense\n{_devices[1]},{_account},{SandboxFacts.StreamRef}";

        Outcome outcome = _shell.Run("$csv | ConvertFrom-Csv | Get-SoDataDatapoint -From 2024-05-01T00:00:00Z -To 2024-05-01T01:00:00Z -Granularity Hour",
            new Dictionary<string, object?> { ["csv"] = csv });

        ErrorRecord error = outcome.SingleError();
        Assert.Equal("InvalidSeries", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("'nonsense'", error.ToString());
        Assert.Contains("Item|Index|ServiceId", error.ToString());
        Assert.Equal(new[] { _devices[0], _devices[1] }, outcome.Output.Select(DeviceOf).OrderBy(d => Array.IndexOf(_devices, d)));
    }

    [Theory]
    [InlineData("Get-SoDataVariable")]
    [InlineData("Get-SoDataItem")]
    [InlineData("Get-SoDataLastValue")]
    public void An_unknown_device_fails_its_row_only_as_ObjectNotFound(string command)
    {
        string missing = Guid.NewGuid().ToString();
        string csv = $"CorporateAccountUuid,DeviceUuid\n{_account},{_devices[0]}\n{_account},{missing}\n{_account},{_devices[1]}";

        Outcome outcome = _shell.Run($"$csv | ConvertFrom-Csv | {command}", new Dictionary<string, object?> { ["csv"] = csv });

        ErrorRecord error = outcome.SingleError();
        Assert.Equal("ApiNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains(missing, error.ToString());
        var seen = outcome.Output.Select(DeviceOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains(_devices[0], seen);
        Assert.Contains(_devices[1], seen);
    }

    [Fact]
    public void Export_names_the_row_of_a_bad_value_and_writes_the_other_rows()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sodata-rows-{Guid.NewGuid():N}.csv");
        string csv = $"CorporateAccountUuid,DeviceUuid\n{_account},{_devices[0]}\n{_account},nope\n{_account},{_devices[1]}";
        try
        {
            Outcome outcome = _shell.Run($"$csv | ConvertFrom-Csv | Export-SoDataDatapoint -Path $path -Series '{SandboxFacts.StreamRef}' -From 2024-05-01T00:00:00Z -To 2024-05-01T01:00:00Z",
                new Dictionary<string, object?> { ["csv"] = csv, ["path"] = path });

            ErrorRecord error = outcome.SingleError();
            Assert.Equal("InvalidUuid", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.StartsWith("Row 2 of the piped input: -DeviceUuid:", error.ToString());
            Assert.Contains("Columns that work: DeviceUuid, Series (or StreamRef), CorporateAccountUuid", error.ErrorDetails.RecommendedAction);
            var written = _shell.Get("Import-Csv -LiteralPath $path | Select-Object -ExpandProperty DeviceUuid -Unique", new Dictionary<string, object?> { ["path"] = path })
                .Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.Equal(new HashSet<string>(_devices, StringComparer.OrdinalIgnoreCase), written);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unknown_device_uuid_names_its_row_as_ObjectNotFound()
    {
        string missing = Guid.NewGuid().ToString();
        string csv = $"CorporateAccountUuid,Uuid\n{_account},{_devices[0]}\n{_account},{missing}\n{_account},{_devices[1]}";

        Outcome outcome = _shell.Run("$csv | ConvertFrom-Csv | Get-SoDataDevice", new Dictionary<string, object?> { ["csv"] = csv });

        ErrorRecord error = outcome.SingleError();
        Assert.Equal("DeviceNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith($"Row 2 of the piped input: No device with -Uuid '{missing}'", error.ToString());
        Assert.Equal(_devices, outcome.Output.Select(DeviceOf));
    }

    /// <summary>
    /// A row with none of the columns Get-SoDataDevice reads fits no parameter set: PowerShell refuses it with its own
    /// error (InputObjectNotBound, out of the module's hands), it lists nothing, and the row after it keeps its position.
    /// </summary>
    [Fact]
    public void A_device_row_with_none_of_the_columns_lists_nothing_and_the_next_row_keeps_its_position()
    {
        string missing = Guid.NewGuid().ToString();
        var variables = new Dictionary<string, object?> { ["account"] = _account, ["first"] = _devices[0], ["second"] = _devices[1], ["missing"] = missing };

        Outcome outcome = _shell.Run(
            "@([pscustomobject]@{ CorporateAccountUuid = $account; Uuid = $first }, [pscustomobject]@{ Serial = '1D15350041' }, " +
            "[pscustomobject]@{ CorporateAccountUuid = $account; Uuid = $missing }, [pscustomobject]@{ CorporateAccountUuid = $account; Uuid = $second }) | Get-SoDataDevice",
            variables);

        Assert.Null(outcome.Terminating);
        Assert.Equal(2, outcome.Errors.Count);
        Assert.Equal("InputObjectNotBound", outcome.Errors[0].FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("DeviceNotFound", outcome.Errors[1].FullyQualifiedErrorId.Split(',')[0]);
        Assert.StartsWith($"Row 3 of the piped input: No device with -Uuid '{missing}'", outcome.Errors[1].ToString());
        // The row without a usable column did not list the account's devices: only the two rows' devices came out.
        Assert.Equal(_devices, outcome.Output.Select(DeviceOf));
    }

    /// <summary>
    /// A row that misses a mandatory column (DeviceUuid with -Series) fits no parameter set: PowerShell refuses it before
    /// the cmdlet sees it, with its own error, which names the missing parameter but not the row (out of the module's
    /// hands). The rows after it keep their true position.
    /// </summary>
    [Theory]
    [InlineData("Get-SoDataDatapoint")]
    [InlineData("Export-SoDataDatapoint")]
    public void A_row_PowerShell_refuses_is_its_own_error_and_later_rows_keep_their_position(string command)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sodata-rows-{Guid.NewGuid():N}.csv");
        string target = command == "Export-SoDataDatapoint" ? "-Path $path" : "";
        var variables = new Dictionary<string, object?> { ["account"] = _account, ["first"] = _devices[0], ["second"] = _devices[1], ["path"] = path };
        try
        {
            Outcome outcome = _shell.Run(
                "@([pscustomobject]@{ CorporateAccountUuid = $account; DeviceUuid = $first }, [pscustomobject]@{ CorporateAccountUuid = $account; Serial = '1D15350041' }, " +
                "[pscustomobject]@{ CorporateAccountUuid = $account; DeviceUuid = 'nope' }, [pscustomobject]@{ CorporateAccountUuid = $account; DeviceUuid = $second }) | " +
                $"{command} {target} -Series '{SandboxFacts.StreamRef}' -From 2024-05-01T00:00:00Z -To 2024-05-01T01:00:00Z", variables);

            Assert.Null(outcome.Terminating);
            Assert.Equal(2, outcome.Errors.Count);
            ErrorRecord refused = outcome.Errors[0];
            Assert.Equal("InputObjectMissingMandatory", refused.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("DeviceUuid", refused.ToString());
            ErrorRecord bad = outcome.Errors[1];
            Assert.Equal("InvalidUuid", bad.FullyQualifiedErrorId.Split(',')[0]);
            Assert.StartsWith("Row 3 of the piped input: -DeviceUuid:", bad.ToString());
            if (command == "Get-SoDataDatapoint")
                Assert.Equal(_devices.ToHashSet(StringComparer.OrdinalIgnoreCase), outcome.Output.Select(o => DeviceOf(o) ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The device an output object belongs to: its DeviceUuid, or a device's own Uuid.</summary>
    private static string? DeviceOf(PSObject output)
    {
        if (output.Properties["DeviceUuid"]?.Value is { } value) return value.ToString();
        if (output.TypeNames.Contains("SoData.Device")) return output.Properties["Uuid"]?.Value?.ToString();
        return null;
    }

    public void Dispose() => _shell.Dispose();
}
