using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SoData.HelpBuilder;

internal sealed class CommandHelp
{
    public string Name { get; set; } = "";
    public string OnlineVersion { get; set; } = "";
    public List<string> Synopsis { get; } = new();
    public List<string> Description { get; } = new();
    public List<SyntaxSet> Sets { get; } = new();
    public List<Example> Examples { get; } = new();
    public List<ParameterHelp> Parameters { get; } = new();
    public bool CommonParameters { get; set; }
    public List<TypeHelp> Inputs { get; } = new();
    public List<TypeHelp> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<(string Text, string Uri)> Links { get; } = new();
}

internal sealed class SyntaxSet
{
    public string Name { get; set; } = "";
    public bool IsDefault { get; set; }
    public string? Code { get; set; }
}

internal sealed class Example
{
    public string Title { get; set; } = "";
    public int Line { get; set; }
    public string? Code { get; set; }
    public List<string> Remarks { get; } = new();
}

internal sealed class ParameterHelp
{
    public string Name { get; set; } = "";
    public int Line { get; set; }
    public List<string> Description { get; } = new();
    public List<ParameterMetadata> Metadata { get; } = new();
}

/// <summary>One ```yaml block of a parameter: how it behaves in some parameter sets.</summary>
internal sealed class ParameterMetadata
{
    public string Type { get; set; } = "";
    public List<string> Sets { get; } = new();
    public bool AllSets => Sets.Count == 0 || Sets.Any(s => s == "(All)");
    public List<string> Aliases { get; } = new();
    public List<string> AcceptedValues { get; } = new();
    public bool Required { get; set; }
    public string Position { get; set; } = "Named";
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public bool Wildcards { get; set; }
    public bool IsSwitch => Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase) || Type.EndsWith(".SwitchParameter", StringComparison.OrdinalIgnoreCase);
    public bool IsArray => Type.EndsWith("[]", StringComparison.Ordinal);

    public bool AppliesTo(string set) => AllSets || Sets.Any(s => string.Equals(s, set, StringComparison.OrdinalIgnoreCase));
}

internal sealed class TypeHelp
{
    public string Name { get; set; } = "";
    public List<string> Description { get; } = new();
}

/// <summary>Reads one cmdlet page in PlatyPS markdown (schema 2.0.0), checking it as strictly as PlatyPS would.</summary>
internal static class CommandPage
{
    public static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS" };
    public static readonly string[] OptionalSections = { "NOTES", "RELATED LINKS" };
    private static readonly string[] MetadataKeys =
    {
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters",
    };
    private static readonly Regex PipelineInput = new(@"^(False|True \((ByValue|ByPropertyName|ByValue, ByPropertyName)\))$", RegexOptions.IgnoreCase);

    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

    public static CommandHelp? Read(string file, string markdown, Options options, Report report)
    {
        int errorsBefore = report.ErrorCount;
        void Error(Block? block, string message) => report.Error(file, block == null ? null : block.Line + 1, message);

        string expectedName = Path.GetFileNameWithoutExtension(file);
        MarkdownDocument document = Markdown.Parse(markdown, Pipeline);
        var help = new CommandHelp();
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? section = null;
        SyntaxSet? set = null;
        Example? example = null;
        ParameterHelp? parameter = null;
        TypeHelp? type = null;
        bool commonParametersHeading = false;

        Match placeholder = Regex.Match(markdown, @"\{\{.*?\}\}");
        if (placeholder.Success)
        {
            report.Error(file, LineOf(markdown, placeholder.Index), $"a PlatyPS placeholder is still there: '{placeholder.Value}'. Write the text.");
        }

        var frontMatter = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (frontMatter == null || frontMatter.Line != 0)
        {
            Error(null, $"the page must start with PlatyPS's YAML front matter (---, external help file: {options.HelpFile}, Module Name: {options.ModuleName}, online version:, schema: 2.0.0, ---).");
        }
        else
        {
            var values = Yaml(frontMatter, markdown);
            if (!values.TryGetValue("external help file", out string? helpFile) || !string.Equals(helpFile, options.HelpFile, StringComparison.OrdinalIgnoreCase))
                Error(frontMatter, $"front matter: 'external help file' must be {options.HelpFile} (it is '{helpFile}').");
            if (values.TryGetValue("Module Name", out string? module) && !string.Equals(module, options.ModuleName, StringComparison.OrdinalIgnoreCase))
                Error(frontMatter, $"front matter: 'Module Name' must be {options.ModuleName} (it is '{module}').");
            if (!values.TryGetValue("schema", out string? schema) || schema != "2.0.0")
                Error(frontMatter, $"front matter: 'schema' must be 2.0.0 (it is '{schema}').");
            help.OnlineVersion = values.TryGetValue("online version", out string? online) ? online : "";
        }

        foreach (Block block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock:
                    continue;
                case HeadingBlock heading:
                {
                    string text = Markup.HeadingText(heading, markdown);
                    if (heading.Level == 1)
                    {
                        if (help.Name.Length > 0) Error(block, $"a second '# {text}' heading; a page documents one cmdlet.");
                        help.Name = text;
                        continue;
                    }
                    if (help.Name.Length == 0) Error(block, "the first heading must be '# <cmdlet name>'.");
                    if (heading.Level == 2)
                    {
                        section = text.ToUpperInvariant();
                        set = null; example = null; parameter = null; type = null;
                        if (!RequiredSections.Contains(section) && !OptionalSections.Contains(section))
                            Error(block, $"unknown section '## {text}'. A PlatyPS page has {string.Join(", ", RequiredSections.Concat(OptionalSections).Select(s => "## " + s))}.");
                        else if (!sections.Add(section))
                            Error(block, $"'## {text}' appears twice.");
                        continue;
                    }
                    if (heading.Level == 3)
                    {
                        switch (section)
                        {
                            case "SYNTAX":
                                bool isDefault = text.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                                string setName = isDefault ? text[..^"(Default)".Length].Trim() : text;
                                set = new SyntaxSet { Name = setName, IsDefault = isDefault };
                                help.Sets.Add(set);
                                continue;
                            case "EXAMPLES":
                                example = new Example { Title = text, Line = heading.Line + 1 };
                                help.Examples.Add(example);
                                continue;
                            case "PARAMETERS":
                                parameter = null;
                                if (text.Trim('<', '>').Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                                {
                                    help.CommonParameters = true;
                                    commonParametersHeading = true;
                                    continue;
                                }
                                commonParametersHeading = false;
                                if (!text.StartsWith('-') || text.Length < 2 || text.Contains(' '))
                                {
                                    Error(block, $"'### {text}': a parameter heading is '### -Name' (or '### CommonParameters').");
                                    continue;
                                }
                                string name = text[1..];
                                if (help.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                                    Error(block, $"-{name} is documented twice.");
                                parameter = new ParameterHelp { Name = name, Line = heading.Line + 1 };
                                help.Parameters.Add(parameter);
                                continue;
                            case "INPUTS":
                            case "OUTPUTS":
                                type = new TypeHelp { Name = text };
                                (section == "INPUTS" ? help.Inputs : help.Outputs).Add(type);
                                continue;
                            default:
                                Error(block, $"'### {text}' is not expected in '## {section ?? "(no section)"}'.");
                                continue;
                        }
                    }
                    Error(block, $"'{new string('#', heading.Level)} {text}': headings below ### are not part of the PlatyPS schema.");
                    continue;
                }
                case FencedCodeBlock code:
                {
                    string info = (code.Info ?? string.Empty).Trim();
                    string body = Markup.CodeText(code);
                    switch (section)
                    {
                        case "SYNTAX":
                            if (set == null)
                            {
                                if (help.Sets.Count > 0) Error(block, "a second syntax block without a '### <ParameterSetName>' heading.");
                                set = new SyntaxSet { Name = "__AllParameterSets", IsDefault = true };
                                help.Sets.Add(set);
                            }
                            if (set.Code != null) Error(block, $"two syntax blocks for the parameter set '{set.Name}'.");
                            set.Code = body;
                            continue;
                        case "EXAMPLES":
                            if (example == null) { Error(block, "example code before any '### Example N: ...' heading."); continue; }
                            if (example.Code == null) example.Code = body;
                            else if (example.Remarks.Count == 0) example.Code += "\n\n" + body;
                            else example.Remarks.Add(Markup.Indent(body));
                            continue;
                        case "PARAMETERS":
                            if (info.Equals("yaml", StringComparison.OrdinalIgnoreCase))
                            {
                                if (parameter == null)
                                {
                                    if (!commonParametersHeading) Error(block, "a ```yaml block before any '### -Name' heading.");
                                    continue;
                                }
                                ParameterMetadata? metadata = ReadMetadata(code, markdown, parameter.Name, message => Error(block, message));
                                if (metadata != null) parameter.Metadata.Add(metadata);
                                continue;
                            }
                            break;
                    }
                    AddText(block, markdown);
                    continue;
                }
                case HtmlBlock:
                    continue;
                default:
                    AddText(block, markdown);
                    continue;
            }
        }

        void AddText(Block block, string source)
        {
            List<string> paragraphs = Markup.Paragraphs(block, source);
            switch (section)
            {
                case null:
                    Error(block, "text before the first '## SYNOPSIS' section.");
                    break;
                case "SYNOPSIS": help.Synopsis.AddRange(paragraphs); break;
                case "DESCRIPTION": help.Description.AddRange(paragraphs); break;
                case "SYNTAX": Error(block, "only fenced syntax blocks (and ### set headings) belong in '## SYNTAX'."); break;
                case "EXAMPLES":
                    if (example == null) Error(block, "example text before any '### Example N: ...' heading.");
                    else example.Remarks.AddRange(paragraphs);
                    break;
                case "PARAMETERS":
                    if (parameter != null) parameter.Description.AddRange(paragraphs);
                    else if (!commonParametersHeading) Error(block, "text before any '### -Name' heading.");
                    break;
                case "INPUTS":
                case "OUTPUTS":
                    if (type == null) Error(block, $"'## {section}' text must follow a '### <type name>' heading (use '### None' when there is none).");
                    else type.Description.AddRange(paragraphs);
                    break;
                case "NOTES": help.Notes.AddRange(paragraphs); break;
                case "RELATED LINKS":
                    foreach (var link in Markup.Links(block, source)) help.Links.Add(link);
                    break;
            }
        }

        // What the page as a whole must have.
        if (help.Name.Length == 0) Error(null, "no '# <cmdlet name>' heading.");
        else
        {
            if (!string.Equals(help.Name, expectedName, StringComparison.Ordinal))
                Error(null, $"the page documents '{help.Name}' but is named {expectedName}.md; name the file after the cmdlet.");
            if (options.Cmdlets.Count > 0 && !options.Cmdlets.Contains(help.Name, StringComparer.OrdinalIgnoreCase))
                Error(null, $"'{help.Name}' is not a cmdlet the module exports (CmdletsToExport: {string.Join(", ", options.Cmdlets)}). Remove the page or export the cmdlet.");
        }
        foreach (string required in RequiredSections.Where(s => !sections.Contains(s)))
            Error(null, $"the '## {required}' section is missing.");
        if (sections.Contains("SYNOPSIS") && help.Synopsis.Count == 0) Error(null, "'## SYNOPSIS' is empty.");
        if (sections.Contains("DESCRIPTION") && help.Description.Count == 0) Error(null, "'## DESCRIPTION' is empty.");
        if (sections.Contains("SYNTAX") && help.Sets.Count == 0) Error(null, "'## SYNTAX' has no fenced syntax block.");
        foreach (SyntaxSet s in help.Sets.Where(s => s.Code == null)) Error(null, $"the syntax of the parameter set '{s.Name}' has no fenced block.");
        if (help.Sets.Count > 1 && help.Sets.Count(s => s.IsDefault) != 1)
            Error(null, "with several parameter sets, exactly one '### <Name> (Default)' heading marks the default set.");
        if (sections.Contains("EXAMPLES") && help.Examples.Count == 0) Error(null, "'## EXAMPLES' has no '### Example 1: ...'.");
        foreach (Example e in help.Examples.Where(e => e.Code == null))
            report.Error(file, e.Line, $"the example '{e.Title}' has no ```powershell code block.");
        if (sections.Contains("PARAMETERS") && !help.CommonParameters)
            Error(null, "'## PARAMETERS' must end with '### CommonParameters' (every binary cmdlet takes them).");
        var setNames = help.Sets.Where(s => s.Name != "__AllParameterSets").Select(s => s.Name).ToList();
        foreach (ParameterHelp p in help.Parameters)
        {
            if (p.Metadata.Count == 0) report.Error(file, p.Line, $"-{p.Name} has no ```yaml metadata block (Type, Parameter Sets, Required, Position, ...).");
            if (p.Description.Count == 0) report.Error(file, p.Line, $"-{p.Name} has no description.");
            foreach (string unknown in p.Metadata.SelectMany(m => m.Sets).Where(s => s != "(All)" && !setNames.Contains(s, StringComparer.OrdinalIgnoreCase)))
                report.Error(file, p.Line, $"-{p.Name} names the parameter set '{unknown}', which '## SYNTAX' does not have ({(setNames.Count == 0 ? "it has one unnamed set: use (All)" : string.Join(", ", setNames))}).");
        }

        return report.ErrorCount == errorsBefore ? help : null;
    }

    private static ParameterMetadata? ReadMetadata(FencedCodeBlock code, string markdown, string parameter, Action<string> error)
    {
        var metadata = new ParameterMetadata();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in Markup.CodeText(code).Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) { error($"-{parameter}: '{line.Trim()}' is not 'Key: value'."); return null; }
            string key = line[..colon].Trim();
            if (!MetadataKeys.Contains(key, StringComparer.OrdinalIgnoreCase)) { error($"-{parameter}: unknown metadata key '{key}' (known: {string.Join(", ", MetadataKeys)})."); return null; }
            values[key] = line[(colon + 1)..].Trim();
        }
        bool ok = true;
        string Need(string key)
        {
            if (values.TryGetValue(key, out string? v) && v.Length > 0) return v;
            error($"-{parameter}: the yaml block has no '{key}:'.");
            ok = false;
            return "";
        }
        bool Bool(string key)
        {
            string v = Need(key);
            if (v.Length == 0) return false;
            if (bool.TryParse(v, out bool b)) return b;
            error($"-{parameter}: '{key}: {v}' must be True or False.");
            ok = false;
            return false;
        }
        static List<string> List(string? v) =>
            v == null || v.Length == 0 || v.Equals("None", StringComparison.OrdinalIgnoreCase) ? new() : v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        metadata.Type = Need("Type");
        metadata.Sets.AddRange(List(Need("Parameter Sets")));
        metadata.Aliases.AddRange(List(values.GetValueOrDefault("Aliases")));
        metadata.AcceptedValues.AddRange(List(values.GetValueOrDefault("Accepted values")));
        metadata.Required = Bool("Required");
        metadata.Position = Need("Position");
        if (metadata.Position.Length > 0 && !metadata.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) && !int.TryParse(metadata.Position, out _))
        {
            error($"-{parameter}: 'Position: {metadata.Position}' must be Named or a number.");
            ok = false;
        }
        if (metadata.Position.Equals("Named", StringComparison.OrdinalIgnoreCase)) metadata.Position = "Named";
        metadata.DefaultValue = Need("Default value");
        metadata.PipelineInput = Need("Accept pipeline input");
        if (metadata.PipelineInput.Length > 0 && !PipelineInput.IsMatch(metadata.PipelineInput))
        {
            error($"-{parameter}: 'Accept pipeline input: {metadata.PipelineInput}' must be False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName).");
            ok = false;
        }
        metadata.Wildcards = Bool("Accept wildcard characters");
        return ok ? metadata : null;
    }

    private static Dictionary<string, string> Yaml(YamlFrontMatterBlock block, string markdown)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var slice in block.Lines.Lines.Take(block.Lines.Count))
        {
            string line = slice.Slice.ToString();
            int colon = line.IndexOf(':');
            if (colon <= 0 || line.Trim() == "---") continue;
            values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return values;
    }

    private static int LineOf(string text, int index) => text.Take(index).Count(c => c == '\n') + 1;
}

/// <summary>Markdown blocks to the plain paragraphs MAML and text help hold.</summary>
internal static class Markup
{
    public static string HeadingText(HeadingBlock heading, string markdown) =>
        Source(heading, markdown).TrimStart('#').Trim().TrimEnd('#').Trim();

    public static string Source(Block block, string markdown) =>
        markdown.Substring(block.Span.Start, Math.Min(block.Span.Length, markdown.Length - block.Span.Start));

    public static string CodeText(LeafBlock code) =>
        string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(l => l.Slice.ToString())).TrimEnd();

    public static string Indent(string code, int width = 4) =>
        string.Join("\n", code.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', width) + l));

    /// <summary>A paragraph is one line of text; a list gives one paragraph per item ("- item"); a table or code keeps its lines.</summary>
    public static List<string> Paragraphs(Block block, string markdown)
    {
        switch (block)
        {
            case ParagraphBlock:
                return new() { Join(Source(block, markdown)) };
            case ListBlock list:
                var items = new List<string>();
                foreach (Block item in list)
                {
                    string text = Source(item, markdown).TrimStart();
                    items.Add(Join(text));
                }
                return items;
            case FencedCodeBlock code:
                return new() { Indent(CodeText(code)) };
            case CodeBlock code:
                return new() { Indent(CodeText(code)) };
            case QuoteBlock quote:
                return quote.SelectMany(b => Paragraphs(b, markdown)).ToList();
            case ThematicBreakBlock:
                return new();
            default:
                return new() { Source(block, markdown).TrimEnd() };
        }
    }

    /// <summary>Joins the soft-wrapped lines of a paragraph into one.</summary>
    public static string Join(string text) =>
        string.Join(" ", text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    public static IEnumerable<(string Text, string Uri)> Links(Block block, string markdown)
    {
        var found = new List<(string, string)>();
        foreach (LeafBlock leaf in block.Descendants<LeafBlock>().Prepend(block as LeafBlock).OfType<LeafBlock>().Distinct())
        {
            if (leaf.Inline == null) continue;
            foreach (LinkInline link in leaf.Inline.Descendants<LinkInline>())
            {
                string text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
                found.Add((text.Length > 0 ? text : link.Url ?? "", link.Url ?? ""));
            }
        }
        if (found.Count == 0)
        {
            foreach (string paragraph in Paragraphs(block, markdown)) found.Add((paragraph.TrimStart('-', '*', ' '), ""));
        }
        return found;
    }
}
