namespace SoData.Cmdlets.Tests.Support;

/// <summary>What the sandbox's seeded data holds that the tests rely on (the vendor guide's examples).</summary>
public static class SandboxFacts
{
    public const string CorporateAccount = "SoLink";
    public const string DeviceSerialNumber = "1D15350041";
    public const string StreamRef = "Global|0|140100";
    public const string StreamRefTitle = "Ups output global load rate";

    /// <summary>A day the sandbox has datapoints for.</summary>
    public static readonly DateTimeOffset Day = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
}
