using System;
using System.Globalization;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>
    /// Binds -From and -To as a DateTime that keeps what the user meant (see <see cref="Client.DatapointsTime"/>):
    /// a DateTimeOffset (or text with an offset or Z) becomes a DateTime of kind Utc, an instant; text without an offset
    /// stays of kind Unspecified, a wall-clock time in -TimeZone; a DateTime passes as it is. Anything else is left to
    /// PowerShell's own conversion, whose error names the parameter.
    /// </summary>
    public sealed class PointInTimeAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case DateTimeOffset instant:
                    return instant.UtcDateTime;
                case string text when DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed):
                    return parsed.Kind == DateTimeKind.Local ? parsed.ToUniversalTime() : parsed;
                default:
                    return inputData;
            }
        }
    }
}
