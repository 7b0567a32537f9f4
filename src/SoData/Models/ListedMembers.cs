using System;

namespace SoData
{
    /// <summary>
    /// A modelled field whose content the API does not fix (a device's custom or configurationOptions, tags), read by
    /// <see cref="FreeFormConverter"/>. PowerShell lists it after the typed properties, where it stood as an extra field
    /// before it was modelled, so Export-Csv's columns keep their order.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class FreeFormAttribute : Attribute
    {
    }

    /// <summary>
    /// A second name for a property (DeviceUuid for a device's Uuid), so that a piped object binds to the next cmdlet's
    /// parameter of that name. PowerShell lists aliases last, after the fields the module does not model.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
    public sealed class PropertyAliasAttribute : Attribute
    {
        public PropertyAliasAttribute(string name, string target)
        {
            Name = name;
            Target = target;
        }

        public string Name { get; }

        /// <summary>The property the alias reads and writes.</summary>
        public string Target { get; }
    }
}
