using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// What one datapoints command learns about its devices, each asked of the API once and kept for the command: a
    /// device's variables (for the Unit and Title of series typed with -Series, and to tell a typo from a series with no
    /// data) and its time zone (for -UseDeviceLocalTimezone calendars).
    /// </summary>
    internal sealed class DeviceFacts
    {
        private readonly Cmdlet _cmdlet;
        private readonly AsyncRunner _async;
        private readonly SoDataSession _session;
        private readonly Dictionary<string, List<Variable>> _variables = new Dictionary<string, List<Variable>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string?> _zones = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string?> _names = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        /// <param name="cmdlet">Where the verbose lines go.</param>
        /// <param name="async">Runs the listings (the command's cancellation and throttle).</param>
        internal DeviceFacts(Cmdlet cmdlet, AsyncRunner async, SoDataSession session)
        {
            _cmdlet = cmdlet;
            _async = async;
            _session = session;
        }

        private static string Key(string ca, string device) => ca + "/" + device;

        /// <summary>The variables of a device, listed on first use. Throws what the listing throws (not kept: the next call asks again).</summary>
        internal List<Variable> VariablesOf(string ca, string device)
        {
            string key = Key(ca, device);
            if (_variables.TryGetValue(key, out List<Variable>? known)) return known;
            List<Variable> variables = _async.Await(token => _session.Client.ListAllVariablesAsync(ca, device, 1000, token));
            _variables[key] = variables;
            return variables;
        }

        /// <summary>Remembers what a piped or given device says of itself, so that it is not asked for again.</summary>
        internal void Note(string ca, Device device)
        {
            if (string.IsNullOrEmpty(device.Uuid)) return;
            string key = Key(ca, device.Uuid!);
            _zones[key] = device.TimeZone;
            _names[key] = device.Name;
        }

        /// <summary>
        /// The time zone (IANA or Windows id, as the API gives it) of each device; null for a device the API gives none for,
        /// or does not list. The devices not yet known are found in one listing of their account.
        /// </summary>
        internal IReadOnlyDictionary<string, string?> ZonesOf(string ca, IEnumerable<string> devices)
        {
            List<string> all = devices.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            List<string> unknown = all.Where(d => !_zones.ContainsKey(Key(ca, d))).ToList();
            if (unknown.Count > 0)
            {
                Dictionary<string, Device> found = _async.Await(token => _session.Client.FindDevicesAsync(ca, unknown, 1000, token));
                foreach (string device in unknown)
                {
                    found.TryGetValue(device, out Device? listed);
                    _zones[Key(ca, device)] = listed?.TimeZone;
                    _names[Key(ca, device)] = listed?.Name;
                }
                _cmdlet.WriteVerbose($"Time zones of {unknown.Count} device(s) listed: {string.Join(", ", unknown.Select(d => $"{d} {_zones[Key(ca, d)] ?? "(none)"}"))}.");
            }
            return all.ToDictionary(d => d, d => _zones[Key(ca, d)], StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The device's name, when a listing or a piped device gave it.</summary>
        internal string? NameOf(string ca, string device) => _names.TryGetValue(Key(ca, device), out string? name) ? name : null;
    }
}
