using System;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>Connect-SoData's questions at an interactive console, when something it needs was not given; never in a script that nobody watches.</summary>
    internal sealed class ConsolePrompts
    {
        private readonly PSCmdlet _cmdlet;

        public ConsolePrompts(PSCmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>
        /// True when a person may be at the console: not a service, not PowerShell started -NonInteractive (a scheduled
        /// task should be), input not redirected, and a host that can prompt.
        /// </summary>
        public bool IsInteractive()
        {
            if (!System.Environment.UserInteractive || _cmdlet.Host?.UI == null) return false;
            foreach (string argument in System.Environment.GetCommandLineArgs())
            {
                string name = argument.TrimStart('-', '/').ToLowerInvariant();
                if (name.Length >= 4 && argument.Length > name.Length && "noninteractive".StartsWith(name, StringComparison.Ordinal)) return false;
            }
            return true;
        }

        private bool CanPrompt()
        {
            try
            {
                return IsInteractive() && !Console.IsInputRedirected;
            }
            catch (System.IO.IOException)
            {
                return false;
            }
        }

        /// <summary>Asks for the client id at an interactive console; null when nobody can answer.</summary>
        public string? ForClientId()
        {
            if (!CanPrompt()) return null;
            try
            {
                var field = new System.Management.Automation.Host.FieldDescription("ClientId") { HelpMessage = "The SoData client id Socomec gave you (or set SODATA_CLIENT_ID)." };
                var answers = _cmdlet.Host.UI.Prompt("Connect-SoData", "No -ClientId or SODATA_CLIENT_ID was given.", new System.Collections.ObjectModel.Collection<System.Management.Automation.Host.FieldDescription> { field });
                string? value = answers != null && answers.TryGetValue("ClientId", out PSObject? answer) ? answer?.BaseObject?.ToString()?.Trim() : null;
                return string.IsNullOrEmpty(value) ? null : value;
            }
            catch (Exception ex) when (ex is System.Management.Automation.Host.HostException || ex is NotImplementedException || ex is PSInvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>Asks for the SoLive Pro email and password at an interactive console; null when nobody can answer.</summary>
        public PSCredential? ForCredential(string? userName)
        {
            if (!CanPrompt()) return null;
            try
            {
                return _cmdlet.Host.UI.PromptForCredential("Connect-SoData", "Your SoLive Pro email and password (no -Credential or SODATA_USERNAME/SODATA_PASSWORD was given).", userName ?? string.Empty, string.Empty);
            }
            catch (Exception ex) when (ex is System.Management.Automation.Host.HostException || ex is NotImplementedException || ex is PSInvalidOperationException)
            {
                return null;
            }
        }
    }
}
