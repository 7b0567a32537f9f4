using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>The error for an input of Get-/Export-SoDataDatapoint that is not a variable (see <see cref="SeriesInputAttribute"/>).</summary>
    internal static class NotASeries
    {
        public static ErrorRecord Error(string command, object? input)
        {
            object? plain = input is PSObject wrapped ? wrapped.BaseObject : input;
            string what = plain switch
            {
                Device device => $"the device '{device.Name ?? device.Uuid}' is not a variable",
                string text => $"'{text}' (a string) is not a variable",
                _ => $"'{plain}' (of type {plain?.GetType().Name}) is not a variable",
            };
            string message = plain is Device
                ? $"-InputObject: {what}. To read a device, give the mapping configs with -Series ($device | {command} -Series 'Global|0|140100' ...), or pipe its variables from Get-SoDataVariable ($device | Get-SoDataVariable -StreamRef 'Global|0|140100' | {command} ...)."
                : $"-InputObject: {what}. {command} reads variables: pipe them from Get-SoDataVariable ($device | Get-SoDataVariable -StreamRef 'Global|0|140100' | {command} ...), or give a device with -Series (-Device $device -Series 'Global|0|140100').";
            return ErrorRecords.InvalidArgument("InputNotAVariable", message, input);
        }
    }
}
