using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SoData.Helpers.Tests.Completers;

/// <summary>What PowerShell hands a completer when Tab is pressed, built by hand: the bound parameters and the command's AST.</summary>
internal static class Tab
{
    /// <summary>fakeBoundParameters as PowerShell gives them (names case-insensitive), from name/value pairs.</summary>
    public static Hashtable Bound(params (string Name, object? Value)[] parameters)
    {
        var bound = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters) bound[name] = value;
        return bound;
    }

    /// <summary>The last command of <paramref name="line"/>, parsed as PowerShell parses the console's line.</summary>
    public static CommandAst Command(string line)
    {
        ScriptBlockAst script = Parser.ParseInput(line, out _, out _);
        return (CommandAst)script.FindAll(a => a is CommandAst, true).Last();
    }

    /// <summary>
    /// Presses Tab until <paramref name="done"/> holds, at most <paramref name="presses"/> times, as a user would while
    /// a listing is still being read in the background: each press waits on the same read for its budget, no sleeps.
    /// </summary>
    public static List<CompletionResult> Until(Func<List<CompletionResult>> press, Func<List<CompletionResult>, bool> done, int presses = 15)
    {
        List<CompletionResult> results = press();
        for (int i = 1; i < presses && !done(results); i++) results = press();
        return results;
    }

    public static List<string> Texts(IEnumerable<CompletionResult> results) => results.Select(r => r.CompletionText).ToList();
}
