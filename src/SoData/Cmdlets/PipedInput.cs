using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The rows piped into a cmdlet, for its errors: which row is being processed (from 1), whether it has any column
    /// the cmdlet reads, and errors said of that row ("Row 3 of the piped input: ..."). A helper every
    /// <see cref="SoDataCmdlet"/> owns; it needs only the cmdlet (to write errors, and its type for the columns it
    /// reads) and, from the command, what was bound where (it never reads MyInvocation itself).
    /// </summary>
    internal sealed class PipedInput
    {
        private readonly Cmdlet _cmdlet;
        // The parameters given on the command line, and how many rows have come down the pipeline.
        private HashSet<string> _commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _rows;

        /// <param name="cmdlet">The cmdlet the rows are piped into: <see cref="IPipedRows"/> or <see cref="ICountsPipedRows"/> when it counts them.</param>
        public PipedInput(Cmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>The command's name ("Get-SoDataDevice"), for errors that tell how to give a value; set by <see cref="Begin"/>.</summary>
        public string CommandName { get; private set; } = string.Empty;

        /// <summary>The position (from 1) of the piped row being processed, for errors; null without pipeline input.</summary>
        public int? Row { get; private set; }

        private PSObject? PipelineObject => (_cmdlet as IPipedRows)?.PipelineObject;

        /// <summary>Remembers the command's name and what was given on the command line (BeginProcessing), so that a row's own values are told apart.</summary>
        public void Begin(string commandName, IEnumerable<string> commandLine)
        {
            CommandName = commandName;
            _commandLine = new HashSet<string>(commandLine, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Counts the next input; false, after writing an InputRowNotUsable error, for a row with none of the columns the cmdlet reads.</summary>
        /// <param name="bound">The parameters bound now (the command line's and this row's).</param>
        /// <param name="expectingInput">Whether the command takes pipeline input at all (MyInvocation.ExpectingInput).</param>
        public bool Next(IEnumerable<string> bound, bool expectingInput)
        {
            Row = null;
            Type type = _cmdlet.GetType();
            if (_cmdlet is IPipedRows piped && piped.PipelineObject != null)
            {
                Row = ++_rows;
                if (!bound.Any(name => !_commandLine.Contains(name) && PipedRows.TakesPipelineInput(type, name)))
                {
                    _cmdlet.WriteError(new ErrorRecord(new ArgumentException(
                        $"{PipedRows.Position(Row.Value)} has none of the columns {CommandName} reads (it has {PipedRows.PropertiesOf(piped.PipelineObject)}). " +
                        $"Columns that work: {PipedRows.Describe(type)}; or pipe objects of the module."),
                        "InputRowNotUsable", ErrorCategory.InvalidArgument, piped.PipelineObject));
                    return false;
                }
            }
            else if (_cmdlet is ICountsPipedRows counted && expectingInput)
            {
                Row = counted.PipedObjects.Next();
            }
            return true;
        }

        /// <summary>The error, said of the piped row it is about ("Row 3 of the piped input: ..."), when there is one.</summary>
        public ErrorRecord WithRow(ErrorRecord record)
        {
            if (Row == null) return record;
            string message = record.ErrorDetails?.Message ?? record.Exception.Message;
            record.ErrorDetails = new ErrorDetails($"{PipedRows.Position(Row.Value)}: {message}")
            {
                RecommendedAction = $"Fix that row, or the column's name. Columns that work: {PipedRows.Describe(_cmdlet.GetType())}.",
            };
            return record;
        }

        /// <summary>
        /// The error for a missing required value: of a piped row, it names the row, the column and the columns that
        /// work; on the command line, the parameter and how to give it.
        /// </summary>
        public ErrorRecord MissingValue(string parameter, string howToGive)
        {
            string message = Row == null
                ? $"{CommandName} needs -{parameter}: {howToGive}."
                : $"{PipedRows.Position(Row.Value)} has no {parameter} column (it has {PipedRows.PropertiesOf(PipelineObject!)}). Columns that work: {PipedRows.Describe(_cmdlet.GetType())}.";
            return new ErrorRecord(new ArgumentException(message, parameter), "Missing" + parameter, ErrorCategory.InvalidArgument, PipelineObject);
        }
    }
}
