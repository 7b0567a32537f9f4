using System;
using System.Collections.Concurrent;
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
        private static readonly ConcurrentDictionary<Type, PropertyInfo?> UuidProperties = new ConcurrentDictionary<Type, PropertyInfo?>();

        /// <summary>Adds the objects of a page to those seen; false when none of them is new.</summary>
        public static bool AddNew<T>(HashSet<object> seen, IReadOnlyList<T> page)
        {
            bool any = false;
            foreach (T item in page)
            {
                if (item == null) continue;
                if (seen.Add(IdentityOf(item))) any = true;
            }
            // A page of nulls only has no identity to compare: it is progress as far as this check can tell.
            return any || page.Count == 0 || AllNull(page);
        }

        /// <summary>An object's uuid when it has one (what the API identifies it by), else its JSON text, else the object itself.</summary>
        internal static object IdentityOf(object item)
        {
            if (item is JsonElement element)
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("uuid", out JsonElement uuid) && uuid.ValueKind == JsonValueKind.String)
                    return "uuid:" + uuid.GetString()!.ToLowerInvariant();
                return "json:" + element.GetRawText();
            }
            PropertyInfo? property = UuidProperties.GetOrAdd(item.GetType(), type => type.GetProperty("Uuid", typeof(string)));
            return property?.GetValue(item) is string text ? "uuid:" + text.ToLowerInvariant() : item;
        }

        private static bool AllNull<T>(IReadOnlyList<T> page)
        {
            foreach (T item in page)
            {
                if (item != null) return false;
            }
            return true;
        }

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
