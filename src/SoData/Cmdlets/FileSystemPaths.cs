using System;
using System.Collections.ObjectModel;
using System.Management.Automation;

namespace SoData.Cmdlets
{
    /// <summary>The file a cmdlet writes, from its -Path or -LiteralPath, as PowerShell's own file cmdlets read them.</summary>
    internal static class FileSystemPaths
    {
        /// <summary>
        /// The full file system path of <paramref name="literalPath"/> as typed, else of <paramref name="path"/> (whose
        /// wildcards must match one file). As Export-Csv: exactly one of them must be given. A path of another provider,
        /// or wildcards matching none or several files, end the command.
        /// </summary>
        public static string ResolveOneFile(PSCmdlet cmdlet, string? path, string? literalPath)
        {
            if ((path == null) == (literalPath == null))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("PathOrLiteralPath",
                    "One file is written: give either -Path or -LiteralPath" + (path == null ? "." : ", not both."), path ?? literalPath));
            }
            string resolved;
            ProviderInfo provider;
            if (literalPath != null)
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(literalPath, out provider, out _);
            }
            else if (WildcardPattern.ContainsWildcardCharacters(path))
            {
                Collection<string> matches = cmdlet.GetResolvedProviderPathFromPSPath(path, out provider);
                if (matches.Count != 1)
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("PathNotUnique",
                        $"-Path '{path}' matches {matches.Count} files: it must name one file. Use -LiteralPath for a name with wildcard characters.", path));
                }
                resolved = matches[0];
            }
            else
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("NotAFileSystemPath",
                    $"{(literalPath != null ? "-LiteralPath" : "-Path")} '{literalPath ?? path}' is on the {provider.Name} provider: give a file system path.", literalPath ?? path));
            }
            return System.IO.Path.GetFullPath(resolved);
        }
    }
}
