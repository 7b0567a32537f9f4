using System;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Rejects a value (or an element of an array) that is not a uuid, saying what one looks like.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateUuidAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            object value = element is PSObject wrapped ? wrapped.BaseObject : element;
            if (value is Guid) return;
            string? text = value?.ToString();
            if (string.IsNullOrWhiteSpace(text) || !Guid.TryParse(text, out _))
                throw new ValidationMetadataException($"'{text}' is not a uuid. A SoData uuid looks like 3756c84b-8697-446f-9ca3-931b3681f908.");
        }
    }
}
