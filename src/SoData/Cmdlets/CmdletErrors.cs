using System;
using System.Management.Automation;
using SoData.Auth;
using SoData.Client;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The failure policy every command shares, on any cmdlet (the commands and the helpers they give themselves to): a
    /// failure to get a token or a credentials error ends the command, since every later call would fail the same way;
    /// any other API failure is an error record for the one input it was about.
    /// </summary>
    internal static class CmdletErrors
    {
        /// <summary>Writes the failure as <paramref name="target"/>'s error, or ends the command when no later call could succeed.</summary>
        public static void WriteOrThrow(this Cmdlet cmdlet, Exception exception, object? target)
        {
            ErrorRecord record = ErrorRecords.From(exception, target);
            if (ErrorRecords.EndsCommand(exception, record)) cmdlet.ThrowTerminatingError(record);
            cmdlet.WriteError(record);
        }

        /// <summary>Runs the work for one input; an API failure becomes an error record and the next input still runs.</summary>
        public static void ForInput(this Cmdlet cmdlet, object? target, Action work)
        {
            try
            {
                work();
            }
            catch (Exception ex) when (ex is SoDataApiException || ex is SoDataAuthenticationException)
            {
                cmdlet.WriteOrThrow(ex, target);
            }
        }
    }
}
