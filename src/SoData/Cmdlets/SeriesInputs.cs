using System;
using System.Collections.Generic;
using System.Management.Automation;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The series of one input of a datapoints command, whichever way it came: variables (piped from
    /// Get-SoDataVariable, or CSV rows), devices with -Series, or a device uuid with -Series. Each series gets its
    /// corporate account; an input that cannot be read is an error naming it (and its piped row), and the rest go on.
    /// De-duplication is the run's (<see cref="DatapointsRun"/>), not this.
    /// </summary>
    internal sealed class SeriesInputs
    {
        private readonly Cmdlet _cmdlet;
        private readonly PipedInput _input;
        private readonly string _command;
        private readonly Func<string?, object?, string?> _resolveAccount;
        private readonly DeviceFacts _facts;

        /// <param name="cmdlet">Where the errors go.</param>
        /// <param name="input">Says which piped row an error is about.</param>
        /// <param name="command">The command's name, for the error of an input that is not a variable.</param>
        /// <param name="resolveAccount">The corporate account of an input from its own CorporateAccountUuid (or null), or null after an error (see <see cref="CorporateAccountScope"/>).</param>
        /// <param name="facts">Remembers the zone and name of the devices given, so that they are not asked for again.</param>
        internal SeriesInputs(Cmdlet cmdlet, PipedInput input, string command, Func<string?, object?, string?> resolveAccount, DeviceFacts facts)
        {
            _cmdlet = cmdlet;
            _input = input;
            _command = command;
            _resolveAccount = resolveAccount;
            _facts = facts;
        }

        /// <summary>The series of one input, in the order given (duplicates kept).</summary>
        internal List<DatapointsSeries> Of(Variable[]? variables, Device[]? devices, string? deviceUuid, string? deviceName, string[]? series)
        {
            var found = new List<DatapointsSeries>();
            foreach (Variable variable in variables ?? Array.Empty<Variable>())
            {
                if (OfVariable(variable) is { } one) found.Add(one);
            }
            foreach (Device device in devices ?? Array.Empty<Device>())
            {
                if (string.IsNullOrEmpty(device.Uuid))
                {
                    WriteError(ErrorRecords.InvalidArgument("DeviceWithoutUuid", "-Device: a device without a Uuid cannot be read.", device));
                    continue;
                }
                found.AddRange(OfDevice(device.CorporateAccountUuid, device.Uuid!, device.Name, series ?? Array.Empty<string>(), device));
            }
            if (deviceUuid != null) found.AddRange(OfDevice(null, deviceUuid, deviceName, series ?? Array.Empty<string>(), deviceUuid));
            return found;
        }

        /// <summary>The mapping config of a variable: its StreamRef, or its ItemType, ItemIndex and ServiceId; null when it has neither.</summary>
        internal static SeriesRef? RefOf(Variable variable)
        {
            if (!string.IsNullOrEmpty(variable.StreamRef) && SeriesRef.TryParse(variable.StreamRef, out SeriesRef? parsed, out _)) return parsed;
            return !string.IsNullOrEmpty(variable.ItemType) && variable.ItemIndex.HasValue && variable.ServiceId.HasValue
                ? new SeriesRef(variable.ItemType!, variable.ItemIndex.Value, variable.ServiceId.Value)
                : null;
        }

        private DatapointsSeries? OfVariable(Variable variable)
        {
            if (SeriesInputAttribute.IsStandIn(variable, out object? input))
            {
                WriteError(NotASeries.Error(_command, input));
                return null;
            }
            string? error = null;
            if (!string.IsNullOrEmpty(variable.StreamRef)) SeriesRef.TryParse(variable.StreamRef, out _, out error);
            SeriesRef? reference = RefOf(variable);
            if (reference == null)
            {
                WriteError(ErrorRecords.InvalidArgument("InvalidSeries",
                    "-InputObject: the StreamRef of the input " + (error ?? $"is missing: expected {SeriesRef.ExpectedForm}; pipe variables from Get-SoDataVariable."), variable));
                return null;
            }
            if (string.IsNullOrEmpty(variable.DeviceUuid))
            {
                WriteError(ErrorRecords.InvalidArgument("VariableWithoutDevice", $"-InputObject: the variable '{variable}' has no DeviceUuid; pipe variables from Get-SoDataVariable.", variable));
                return null;
            }
            string? ca = _resolveAccount(variable.CorporateAccountUuid, variable);
            if (ca == null) return null;
            return new DatapointsSeries(ca, variable.DeviceUuid!, reference)
            {
                DeviceName = variable.DeviceName,
                Title = variable.Title,
                Unit = variable.Unit,
                // A variable the API listed has a uuid; a CSV row converted to a Variable by PowerShell may not.
                Listed = !string.IsNullOrEmpty(variable.Uuid),
            };
        }

        private IEnumerable<DatapointsSeries> OfDevice(string? caFromObject, string device, string? deviceName, string[] series, object target)
        {
            string? ca = _resolveAccount(caFromObject, target);
            if (ca == null) yield break;
            if (target is Device given) _facts.Note(ca, given);
            foreach (string text in series)
            {
                // Also checked by [SeriesRef] when bound; values from the pipeline by property name are checked here too.
                if (!SeriesRef.TryParse(text, out SeriesRef? reference, out string? error))
                {
                    WriteError(ErrorRecords.InvalidArgument("InvalidSeries", "-Series: " + error, text));
                    continue;
                }
                yield return new DatapointsSeries(ca, device, reference!) { DeviceName = deviceName };
            }
        }

        private void WriteError(ErrorRecord record) => _cmdlet.WriteError(_input.WithRow(record));
    }
}
