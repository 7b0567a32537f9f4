using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>The report, at the end of a datapoints command, of the series typed with -Series that do not exist.</summary>
    internal static class MissingSeries
    {
        /// <summary>
        /// Of the series that returned no point at all, reports those whose device has no such variable (a typo, or a
        /// variable of another model) as ObjectNotFound, naming the mapping config and the device. Only empty series
        /// typed by the user are checked, so a query whose series all have data costs no extra request.
        /// </summary>
        /// <returns>The keys of the series that do not exist.</returns>
        /// <param name="cmdlet">Where the errors go.</param>
        /// <param name="facts">The devices' variables, listed once per command (series typed with -Series may have been described from them already).</param>
        /// <param name="describeAccount">"corporate account 'SoLink'" from its uuid, for a device that does not exist.</param>
        internal static HashSet<string> Report(Cmdlet cmdlet, DeviceFacts facts, Func<string, string> describeAccount, IEnumerable<DatapointsSeries> empty)
        {
            var missing = new HashSet<string>(StringComparer.Ordinal);
            foreach (IGrouping<string, DatapointsSeries> device in empty.Where(s => !s.Listed).GroupBy(s => s.CorporateAccountUuid + "/" + s.DeviceUuid, StringComparer.OrdinalIgnoreCase))
            {
                DatapointsSeries first = device.First();
                string where = DeviceNames.Describe(first.DeviceUuid, first.DeviceName);
                List<Variable> variables;
                try
                {
                    variables = facts.VariablesOf(first.CorporateAccountUuid, first.DeviceUuid);
                }
                catch (SoDataApiException ex) when (ex.StatusCode == 404)
                {
                    foreach (DatapointsSeries s in device) missing.Add(s.Key);
                    cmdlet.WriteError(ErrorRecords.NotFound("DeviceNotFound", $"No {where} in {describeAccount(first.CorporateAccountUuid)}: {ex.ApiMessage ?? ex.Message}", first.DeviceUuid));
                    continue;
                }
                catch (Exception ex) when (ex is SoDataApiException || ex is Auth.SoDataAuthenticationException)
                {
                    cmdlet.WriteOrThrow(ex, first.DeviceUuid);
                    continue;
                }
                var existing = new HashSet<SeriesRef>(variables.Select(SeriesInputs.RefOf).Where(r => r != null).Select(r => r!));
                foreach (DatapointsSeries s in device.Where(s => !existing.Contains(s.Ref)))
                {
                    missing.Add(s.Key);
                    cmdlet.WriteError(ErrorRecords.NotFound("VariableNotFound",
                        $"No variable with -Series '{s.Ref}' on {where}: it has {variables.Count} variable(s); list them with Get-SoDataVariable.", s.Ref.ToString()));
                }
            }
            return missing;
        }
    }
}
