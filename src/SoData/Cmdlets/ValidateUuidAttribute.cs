using System;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Rejects a value that is not a uuid, saying what one looks like.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateUuidAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is Guid) return;
            string? text = value?.ToString();
            if (string.IsNullOrWhiteSpace(text) || !Guid.TryParse(text, out _))
                throw new ValidationMetadataException($"'{text}' is not a uuid. A SoData uuid looks like 3756c84b-8697-446f-9ca3-931b3681f908.");
        }
    }
}
