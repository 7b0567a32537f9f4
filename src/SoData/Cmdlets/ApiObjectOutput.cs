using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SoData.Cmdlets
{
    /// <summary>How an API object reaches the pipeline: nothing the API sent is lost, and the modelled properties come first.</summary>
    internal static class ApiObjectOutput
    {
        /// <summary>
        /// An API object as written to the pipeline, with the fields the module does not model added as note properties. PowerShell lists
        /// an object's note properties before its .NET ones, so when there are such fields the modelled properties are
        /// added first, as notes with the same values: Format-List * and Export-Csv then start with Name, Uuid... and
        /// end with the API's extra fields (custom, tags...), not the other way round.
        /// </summary>
        public static PSObject ToPSObject(ApiObject item)
        {
            PSObject output = PSObject.AsPSObject(item);
            // An object written before (a cached corporate account, maybe by another runspace) keeps the notes it was given then.
            if (item.AdditionalFields != null && item.AdditionalFields.Count > 0) Decorate(item, output);
            return output;
        }

        private static void Decorate(ApiObject item, PSObject output)
        {
            lock (s_decorated)
            {
                if (s_decorated.TryGetValue(item, out _)) return;
                s_decorated.Add(item, s_marker);
                // Names are checked against the model's own list, not with output.Properties[name]: that lookup walks
                // PowerShell's adapters and, for thousands of objects, costs more than the listing itself.
                (PropertyInfo[] modelled, HashSet<string> names) = ModelledProperties(item.GetType());
                PSMemberInfoCollection<PSPropertyInfo> properties = output.Properties;
                foreach (PropertyInfo property in modelled) properties.Add(new PSNoteProperty(property.Name, property.GetValue(item)), true);
                foreach (var field in Json.AdditionalFieldsOf(item))
                {
                    if (names.Add(field.Key)) properties.Add(new PSNoteProperty(field.Key, field.Value), true);
                }
            }
        }

        private static readonly ConditionalWeakTable<ApiObject, object> s_decorated = new ConditionalWeakTable<ApiObject, object>();
        private static readonly object s_marker = new object();
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_modelledProperties = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>The type's readable properties, and a fresh set of their names (case-insensitive, as PowerShell's).</summary>
        private static (PropertyInfo[], HashSet<string>) ModelledProperties(Type type)
        {
            PropertyInfo[] properties = s_modelledProperties.GetOrAdd(type, t =>
                t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());
            return (properties, new HashSet<string>(properties.Select(p => p.Name), StringComparer.OrdinalIgnoreCase));
        }
    }
}
