using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using SoData.Loading;

namespace SoData.Client
{
    /// <summary>Translation between IANA and Windows time zone ids.</summary>
    internal interface IZoneIds
    {
        bool TryIanaToWindows(string ianaId, out string? windowsId);

        bool TryWindowsToIana(string windowsId, out string? ianaId);

        /// <summary>Every IANA id known to the tables.</summary>
        IEnumerable<string> KnownIanaIds();

        /// <summary>Every Windows id known to the tables.</summary>
        IEnumerable<string> KnownWindowsIds();
    }

    /// <summary>
    /// Which tables translate zone ids here. On PowerShell 7 (.NET 6 and later) the runtime's own, through ICU, so
    /// TimeZoneConverter.dll is never loaded there and another module's copy of it, older or newer, cannot clash with
    /// ours. On Windows PowerShell 5.1 (.NET Framework, which has no such tables), or a .NET without ICU (invariant
    /// globalization), TimeZoneConverter's.
    /// </summary>
    internal static class ZoneIds
    {
        private static IZoneIds? s_current;

        public static IZoneIds Current => s_current ??= Choose();

        /// <summary>Whether the ids are the runtime's own (false: TimeZoneConverter's).</summary>
        public static bool UsesRuntime => Current is RuntimeZoneIds;

        private static IZoneIds Choose()
        {
            if (LoadContexts.Available && RuntimeZoneIds.Create() is { } runtime) return runtime;
            return CreateConverterIds();
        }

        // Its own method, never inlined: compiling a method that names TimeZoneConverter's types loads its assembly.
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static IZoneIds CreateConverterIds() => new ConverterZoneIds();
    }

    /// <summary>.NET 6+'s TimeZoneInfo.TryConvertIanaIdToWindowsId and TryConvertWindowsIdToIanaId, found by reflection (SoData.dll targets netstandard2.0).</summary>
    internal sealed class RuntimeZoneIds : IZoneIds
    {
        private delegate bool TryConvert(string id, out string? converted);

        private readonly TryConvert _ianaToWindows;
        private readonly TryConvert _windowsToIana;

        private RuntimeZoneIds(TryConvert ianaToWindows, TryConvert windowsToIana)
        {
            _ianaToWindows = ianaToWindows;
            _windowsToIana = windowsToIana;
        }

        /// <summary>The runtime's tables, or null when it has none (before .NET 6) or they do not work (no ICU).</summary>
        public static RuntimeZoneIds? Create()
        {
            TryConvert? ianaToWindows = Find("TryConvertIanaIdToWindowsId");
            TryConvert? windowsToIana = Find("TryConvertWindowsIdToIanaId");
            if (ianaToWindows == null || windowsToIana == null) return null;
            // Without ICU (invariant globalization) the methods exist but know no id.
            if (!windowsToIana("Romance Standard Time", out string? paris) || paris != "Europe/Paris") return null;
            return new RuntimeZoneIds(ianaToWindows, windowsToIana);
        }

        private static TryConvert? Find(string name)
        {
            MethodInfo? method = typeof(TimeZoneInfo).GetMethod(name, BindingFlags.Public | BindingFlags.Static, null,
                new[] { typeof(string), typeof(string).MakeByRefType() }, null);
            return method == null ? null : (TryConvert)Delegate.CreateDelegate(typeof(TryConvert), method);
        }

        public bool TryIanaToWindows(string ianaId, out string? windowsId) => _ianaToWindows(ianaId, out windowsId);

        public bool TryWindowsToIana(string windowsId, out string? ianaId) => _windowsToIana(windowsId, out ianaId);

        /// <summary>This machine's zones under their IANA ids (Linux and macOS name them so; Windows ids are translated).</summary>
        public IEnumerable<string> KnownIanaIds()
        {
            foreach (TimeZoneInfo zone in TimeZoneInfo.GetSystemTimeZones())
            {
                if (zone.Id.Contains("/")) yield return zone.Id;
                else if (_windowsToIana(zone.Id, out string? iana) && iana != null) yield return iana;
            }
        }

        /// <summary>The Windows ids of this machine's zones (an IANA id translated; an id that is already a Windows one kept).</summary>
        public IEnumerable<string> KnownWindowsIds() =>
            TimeZoneInfo.GetSystemTimeZones()
                .Select(zone => _ianaToWindows(zone.Id, out string? windows) ? windows : _windowsToIana(zone.Id, out _) ? zone.Id : null)
                .Where(id => id != null && !id.Contains("/"))
                .Select(id => id!)
                .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>TimeZoneConverter's tables: Windows PowerShell 5.1, where the runtime has none.</summary>
    internal sealed class ConverterZoneIds : IZoneIds
    {
        public bool TryIanaToWindows(string ianaId, out string? windowsId) => TimeZoneConverter.TZConvert.TryIanaToWindows(ianaId, out windowsId);

        public bool TryWindowsToIana(string windowsId, out string? ianaId) => TimeZoneConverter.TZConvert.TryWindowsToIana(windowsId, out ianaId);

        public IEnumerable<string> KnownIanaIds() => TimeZoneConverter.TZConvert.KnownIanaTimeZoneNames.ToList();

        public IEnumerable<string> KnownWindowsIds() => TimeZoneConverter.TZConvert.KnownWindowsTimeZoneIds.ToList();
    }
}
