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

    /// <summary>The device an output object belongs to: its DeviceUuid, or a device's own Uuid.</summary>
    private static string? DeviceOf(PSObject output)
    {
        if (output.Properties["DeviceUuid"]?.Value is { } value) return value.ToString();
        if (output.TypeNames.Contains("SoData.Device")) return output.Properties["Uuid"]?.Value?.ToString();
        return null;
    }

    public void Dispose() => _shell.Dispose();
}
