using SoData.Output;

namespace SoData.Cmdlets
{
    /// <summary>The value must be a pivot header template that names fields of a series, such as '{DeviceName} {Title} ({Unit})'.</summary>
    public sealed class PivotHeaderAttribute : ArgumentRuleAttribute
    {
        public override string ErrorId => "InvalidPivotHeader";

        public override string? Check(object? value) => PivotHeaders.Check(value?.ToString());
    }
}
