using System;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Rejects a value that is not a mapping config Item|Index|ServiceId, saying what one looks like (each element of an array).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateSeriesRefAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            object value = element is PSObject wrapped ? wrapped.BaseObject : element;
            if (!SeriesRef.TryParse(value?.ToString(), out _, out string? error))
                throw new ValidationMetadataException(error);
        }
    }
}
