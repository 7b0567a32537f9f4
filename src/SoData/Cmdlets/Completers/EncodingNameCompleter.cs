using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SoData.Cmdlets.Completers
{
    /// <summary>Offers the encoding names Export-SoDataDatapoint -Encoding knows by itself.</summary>
    public sealed class EncodingNameCompleter : IArgumentCompleter
    {
        private static readonly string[] Names = { "utf8", "utf8BOM", "utf8NoBOM", "ascii", "unicode", "bigendianunicode", "utf32", "bigendianutf32" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
        }
    }
}
