using System;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Rejects a value that is not a mapping config Item|Index|ServiceId, saying what one looks like.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateSeriesRefAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (!SeriesRef.TryParse(value?.ToString(), out _, out string? error))
                throw new ValidationMetadataException(error);
        }
    }
}
