using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;

namespace SoData.Client
{
    /// <summary>
    /// What <see cref="PagedReader{T}"/> calls no progress, and its errors: a page that is missing its list, a page of
    /// objects all read before (a server that ignores skip sends the same page forever), an empty page before the
    /// stated total. Each ends the listing with one InvalidData error naming the route, after one such page.
    /// </summary>
    internal static class PagingProgress
    {
        public static string MissingResults<T>(Page<T> page) =>
            $"{Describe(page.Route)} answered without its list: \"results\" is null or missing (the page states a total of {page.Total}). " +
            "Nothing of this listing can be read from such an answer.";

        public static string EmptyBeforeTotal<T>(Page<T> page, long read) =>
            $"{Describe(page.Route)} answered an empty page after {read} of the {page.Total} objects it states: the rest never came. " +
            "Paging stopped here; the objects before were written.";

        public static string NothingNew<T>(Page<T> page, long read, int count) =>
            $"{Describe(page.Route)} answered, after {read} objects, a page of {count} object(s) all read before: the server is not paging " +
            "(it may ignore skip). Paging stopped rather than ask again forever; the objects before were written.";

        /// <summary>The error of a listing that made no progress: InvalidData (a 200 whose content is wrong), naming the route.</summary>
        public static SoDataApiException Error(string? route, string message)
        {
            string method = "GET", path = route ?? "(listing)";
            int space = route?.IndexOf(' ') ?? -1;
            if (space > 0)
            {
                method = route!.Substring(0, space);
                path = route.Substring(space + 1);
            }
            return new SoDataApiException(method, path, 200, null, message);
        }

        private static string Describe(string? route) => route ?? "The listing";
    }
}

namespace SoData.Client
{
    /// <summary>
    /// The objects of a listing read so far, by identity: the uuid when the object has one (what the API identifies it
    /// by, any letter case), else its JSON text, else the object itself. Cheap per object: the Uuid getter is bound once per type.
    /// </summary>
    internal sealed class SeenObjects<T>
    {
        private static readonly Func<T, string?>? UuidOf = BindUuid();
        private readonly HashSet<string> _uuids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<object> _others = new HashSet<object>();

        /// <summary>Adds the objects of a page; false when the page holds objects and none of them is new.</summary>
        public bool AddNew(IReadOnlyList<T> page)
        {
            bool any = false, identified = false;
            foreach (T item in page)
            {
                if (item == null) continue;
                identified = true;
                if (Add(item)) any = true;
            }
            // A page of nulls only has nothing to compare: it is progress as far as this check can tell.
            return any || !identified;
        }

        private bool Add(T item)
        {
            if (item is JsonElement element)
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("uuid", out JsonElement uuid) && uuid.ValueKind == JsonValueKind.String)
                    return _uuids.Add(uuid.GetString()!);
                return _others.Add(element.GetRawText());
            }
            return UuidOf?.Invoke(item) is string text ? _uuids.Add(text) : _others.Add(item!);
        }

        private static Func<T, string?>? BindUuid()
        {
            if (typeof(T).IsValueType) return null;
            MethodInfo? getter = typeof(T).GetProperty("Uuid", typeof(string))?.GetGetMethod();
            return getter == null ? null : (Func<T, string?>)Delegate.CreateDelegate(typeof(Func<T, string?>), getter);
        }
    }
}
