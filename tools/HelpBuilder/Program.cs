// Builds the module's external help from docs/: one PlatyPS-format page per cmdlet (schema 2.0.0) becomes one
// <command:command> of a MAML file that Get-Help reads (SoData.dll-Help.xml), and each about_*.md becomes the
// about_*.help.txt text topic. It checks the pages as it goes, so a malformed page or a page for a cmdlet the
// module does not export fails the build with the file, the line and what is wrong. Pages that are neither
// Verb-Noun.md nor about_*.md (such as docs/performance.md) are not help and are left alone.
//
//   dotnet HelpBuilder.dll --docs docs --out out/SoData/en-US --cmdlets Connect-SoData,Get-SoDataSite,...
//       [--help-file SoData.dll-Help.xml] [--module-name SoData]

namespace SoData.HelpBuilder;

internal static class Program
{
    private static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"HelpBuilder: {ex.Message}");
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        var report = new Report(options.DocsDirectory);
        if (!Directory.Exists(options.DocsDirectory))
        {
            Console.Error.WriteLine($"HelpBuilder: the docs folder '{options.DocsDirectory}' does not exist.");
            return 1;
        }

        var pages = Directory.GetFiles(options.DocsDirectory, "*.md").OrderBy(p => p, StringComparer.OrdinalIgnoreCase).ToList();
        var commands = new List<CommandHelp>();
        var abouts = new List<(string Name, string Text)>();
        foreach (string page in pages)
        {
            string name = Path.GetFileNameWithoutExtension(page);
            string text = File.ReadAllText(page);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                string? topic = AboutTopic.Render(page, text, report);
                if (topic != null) abouts.Add((name, topic));
                continue;
            }
            // Cmdlet pages are named Verb-Noun.md; other pages of docs/ (performance.md, a README) are not help.
            if (!name.Contains('-')) continue;
            CommandHelp? command = CommandPage.Read(page, text, options, report);
            if (command != null) commands.Add(command);
        }

        if (options.Cmdlets.Count > 0)
        {
            foreach (string cmdlet in options.Cmdlets.Where(c => !commands.Any(h => string.Equals(h.Name, c, StringComparison.OrdinalIgnoreCase))))
            {
                // A page that fails to parse was reported already; only a page that is not there at all is new here.
                if (!File.Exists(Path.Combine(options.DocsDirectory, cmdlet + ".md")))
                    report.Warning(null, null, $"{cmdlet} is exported by the module but has no help page; write {Path.Combine(options.DocsDirectory, cmdlet + ".md")}.");
            }
        }
        if (commands.Count == 0 && report.ErrorCount == 0) report.Warning(null, null, "no cmdlet help pages found.");

        foreach (string line in report.Warnings) Console.Error.WriteLine(line);
        if (report.ErrorCount > 0)
        {
            foreach (string line in report.Errors) Console.Error.WriteLine(line);
            Console.Error.WriteLine($"HelpBuilder: {report.ErrorCount} error(s) in {options.DocsDirectory}; no help was written.");
            return 1;
        }

        Directory.CreateDirectory(options.OutDirectory);
        string helpPath = Path.Combine(options.OutDirectory, options.HelpFile);
        Maml.Write(commands, helpPath);
        foreach ((string name, string topic) in abouts)
        {
            File.WriteAllText(Path.Combine(options.OutDirectory, name + ".help.txt"), topic, new System.Text.UTF8Encoding(false));
        }
        Console.WriteLine($"HelpBuilder: {commands.Count} cmdlet(s) -> {helpPath}; {abouts.Count} about topic(s).");
        return 0;
    }
}

internal sealed class Options
{
    public const string Usage = "usage: HelpBuilder --docs <folder> --out <folder> [--cmdlets A,B,...] [--help-file SoData.dll-Help.xml] [--module-name SoData]";

    public string DocsDirectory { get; private set; } = "docs";
    public string OutDirectory { get; private set; } = "";
    public string HelpFile { get; private set; } = "SoData.dll-Help.xml";
    public string ModuleName { get; private set; } = "SoData";

    /// <summary>The module's exported cmdlets; a page for anything else is an error. Empty: not checked.</summary>
    public List<string> Cmdlets { get; } = new();

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--docs": options.DocsDirectory = Value(); break;
                case "--out": options.OutDirectory = Value(); break;
                case "--help-file": options.HelpFile = Value(); break;
                case "--module-name": options.ModuleName = Value(); break;
                case "--cmdlets":
                    options.Cmdlets.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'.");
            }
        }
        if (options.OutDirectory.Length == 0) throw new ArgumentException("--out is required.");
        return options;
    }
}

/// <summary>Errors and warnings as "file:line: error: message", the form editors and CI logs link.</summary>
internal sealed class Report
{
    private readonly string _root;
    public Report(string root) => _root = root;

    public List<string> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public int ErrorCount => Errors.Count;

    public void Error(string? file, int? line, string message) => Errors.Add(Format(file, line, "error", message));

    public void Warning(string? file, int? line, string message) => Warnings.Add(Format(file, line, "warning", message));

    private string Format(string? file, int? line, string kind, string message)
    {
        string where = file == null ? "HelpBuilder" : Path.GetRelativePath(Directory.GetCurrentDirectory(), file) + (line.HasValue ? ":" + line.Value : string.Empty);
        return $"{where}: {kind}: {message}";
    }
}
