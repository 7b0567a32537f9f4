using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace SoData.Cmdlets
{
    /// <summary>
    /// How PowerShell sees an API object's properties (registered for each output type in SoData.Types.ps1xml as its
    /// TypeAdapter): the typed properties first, then the free-form fields, then the fields the API sent that the module
    /// does not model, then the aliases the next cmdlet binds to. Format-List *, Select-Object * and Export-Csv list them
    /// in that order. Nothing is added to the object when it is written: a lookup by name costs one dictionary read, and
    /// only an object with unmodelled fields has more to list, in proportion to those fields.
    /// </summary>
    public sealed class ApiObjectAdapter : PSPropertyAdapter
    {
        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var item = (ApiObject)baseObject;
            ListedShape shape = ListedShape.Of(item.GetType());
            var properties = new Collection<PSAdaptedProperty>();
            foreach (ListedProperty property in shape.Modelled) properties.Add(new PSAdaptedProperty(property.Name, property));
            if (item.HasAdditionalFields)
            {
                foreach (KeyValuePair<string, object?> field in item.PlainAdditionalFields())
                {
                    if (!shape.ByName.ContainsKey(field.Key)) properties.Add(new PSAdaptedProperty(field.Key, AdditionalField.Tag));
                }
            }
            foreach (ListedProperty alias in shape.Aliases) properties.Add(new PSAdaptedProperty(alias.Name, alias));
            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            var item = (ApiObject)baseObject;
            if (ListedShape.Of(item.GetType()).ByName.TryGetValue(propertyName, out ListedProperty? property)) return new PSAdaptedProperty(property.Name, property);
            string? field = item.AdditionalFieldName(propertyName);
            return field == null ? null : new PSAdaptedProperty(field, AdditionalField.Tag);
        }

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
        {
            var item = (ApiObject)adaptedProperty.BaseObject;
            if (adaptedProperty.Tag is ListedProperty property) return property.Get(item);
            item.PlainAdditionalFields().TryGetValue(adaptedProperty.Name, out object? value);
            return value;
        }

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object? value)
        {
            var item = (ApiObject)adaptedProperty.BaseObject;
            if (adaptedProperty.Tag is ListedProperty property)
            {
                if (property.Set == null) throw new SetValueException($"The property '{property.Name}' cannot be set: it is computed from the others.");
                property.Set(item, value == null ? null : LanguagePrimitives.ConvertTo(value, property.Type, System.Globalization.CultureInfo.InvariantCulture));
            }
            else item.PlainAdditionalFields()[adaptedProperty.Name] = value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => !(adaptedProperty.Tag is ListedProperty property) || property.Set != null;

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
        {
            if (adaptedProperty.Tag is ListedProperty property) return property.Type.FullName!;
            return GetPropertyValue(adaptedProperty)?.GetType().FullName ?? typeof(object).FullName!;
        }

        /// <summary>The tag of a field the module does not model (its value is read by name).</summary>
        private static class AdditionalField
        {
            public static readonly object Tag = new object();
        }
    }

    /// <summary>One property as PowerShell lists it: a typed or free-form property, or an alias of one.</summary>
    internal sealed class ListedProperty
    {
        public ListedProperty(string name, Type type, Func<object, object?> get, Action<object, object?>? set)
        {
            Name = name;
            Type = type;
            Get = get;
            Set = set;
        }

        public string Name { get; }
        public Type Type { get; }
        public Func<object, object?> Get { get; }
        public Action<object, object?>? Set { get; }
    }

    /// <summary>The properties of one API type in the order PowerShell lists them, read once per type.</summary>
    internal sealed class ListedShape
    {
        private static readonly ConcurrentDictionary<Type, ListedShape> s_shapes = new ConcurrentDictionary<Type, ListedShape>();

        private ListedShape(Type type)
        {
            // Reflection order (the type's own properties, then its base's), as PowerShell lists a plain .NET object;
            // the free-form ones after the typed ones.
            PropertyInfo[] readable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
            Modelled = readable.Where(p => !p.IsDefined(typeof(FreeFormAttribute))).Concat(readable.Where(p => p.IsDefined(typeof(FreeFormAttribute))))
                .Select(Accessors).ToArray();
            ByName = new Dictionary<string, ListedProperty>(StringComparer.OrdinalIgnoreCase);
            foreach (ListedProperty property in Modelled) ByName[property.Name] = property;
            Aliases = type.GetCustomAttributes<PropertyAliasAttribute>(inherit: true)
                .Select(alias => ByName.TryGetValue(alias.Target, out ListedProperty? target)
                    ? new ListedProperty(alias.Name, target.Type, target.Get, target.Set)
                    : throw new InvalidOperationException($"{type.Name}: the alias {alias.Name} names no property {alias.Target}."))
                .ToArray();
            foreach (ListedProperty alias in Aliases) ByName[alias.Name] = alias;
        }

        public static ListedShape Of(Type type) => s_shapes.GetOrAdd(type, t => new ListedShape(t));

        public IReadOnlyList<ListedProperty> Modelled { get; }

        public IReadOnlyList<ListedProperty> Aliases { get; }

        /// <summary>Modelled properties and aliases by name, case-insensitive as PowerShell's.</summary>
        public Dictionary<string, ListedProperty> ByName { get; }

        // Typed delegates over the property's accessors: a call each, where PropertyInfo.GetValue goes through reflection.
        private static ListedProperty Accessors(PropertyInfo property)
        {
            MethodInfo make = typeof(ListedShape).GetMethod(nameof(MakeAccessors), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(property.DeclaringType!, property.PropertyType);
            return (ListedProperty)make.Invoke(null, new object[] { property })!;
        }

        private static ListedProperty MakeAccessors<TOwner, TValue>(PropertyInfo property)
        {
            var getter = (Func<TOwner, TValue>)Delegate.CreateDelegate(typeof(Func<TOwner, TValue>), property.GetGetMethod()!);
            MethodInfo? setMethod = property.GetSetMethod();
            Action<object, object?>? set = null;
            if (setMethod != null)
            {
                var setter = (Action<TOwner, TValue>)Delegate.CreateDelegate(typeof(Action<TOwner, TValue>), setMethod);
                set = (owner, value) => setter((TOwner)owner, (TValue)value!);
            }
            return new ListedProperty(property.Name, property.PropertyType, owner => getter((TOwner)owner), set);
        }
    }
}
