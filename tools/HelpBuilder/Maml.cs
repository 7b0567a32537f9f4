using System.Xml;
using System.Xml.Linq;

namespace SoData.HelpBuilder;

/// <summary>Writes cmdlet help as MAML (the schema Get-Help reads from &lt;Assembly&gt;.dll-Help.xml), shaped like PlatyPS's output.</summary>
internal static class Maml
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace M = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static void Write(IEnumerable<CommandHelp> commands, string path)
    {
        var root = new XElement(Msh + "helpItems",
            new XAttribute("schema", "maml"),
            commands.Select(ToCommand));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using XmlWriter writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement ToCommand(CommandHelp help)
    {
        int dash = help.Name.IndexOf('-');
        string verb = dash > 0 ? help.Name[..dash] : help.Name;
        string noun = dash > 0 ? help.Name[(dash + 1)..] : string.Empty;

        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", M),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", help.Sets.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))),
            help.Notes.Count == 0 ? null : new XElement(M + "alertSet", new XElement(M + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(ExampleElement)),
            new XElement(Command + "relatedLinks", Links(help)));
    }

    /// <summary>The parameters of one set, positional ones first (by position), then mandatory, then the rest, as Get-Command shows them.</summary>
    private static XElement SyntaxItem(CommandHelp help, SyntaxSet set)
    {
        var members = help.Parameters
            .Select((p, index) => (Parameter: p, Index: index, Metadata: p.Metadata.FirstOrDefault(m => m.AppliesTo(set.Name))))
            .Where(x => x.Metadata != null)
            .OrderBy(x => int.TryParse(x.Metadata!.Position, out int position) ? position : int.MaxValue)
            .ThenBy(x => x.Metadata!.Required ? 0 : 1)
            .ThenBy(x => x.Metadata!.IsSwitch ? 1 : 0)
            .ThenBy(x => x.Index);
        return new XElement(Command + "syntaxItem",
            new XElement(M + "name", help.Name),
            members.Select(x => Parameter(x.Parameter, x.Metadata!, inSyntax: true)));
    }

    private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", metadata.Required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", metadata.Wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", metadata.PipelineInput),
            new XAttribute("position", metadata.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : metadata.Position),
            new XAttribute("aliases", metadata.Aliases.Count == 0 ? "none" : string.Join(", ", metadata.Aliases)),
            new XElement(M + "name", parameter.Name),
            Description(parameter.Description));

        if (inSyntax && metadata.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                metadata.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))));
        }
        // A switch shows as [-Name] in the syntax: no value element there (PlatyPS does the same).
        if (!(inSyntax && metadata.IsSwitch))
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", metadata.IsSwitch ? "false" : "true"),
                new XAttribute("variableLength", metadata.IsArray ? "true" : "false"),
                metadata.Type));
        }
        element.Add(new XElement(Dev + "type", new XElement(M + "name", metadata.Type), new XElement(M + "uri")));
        element.Add(new XElement(Dev + "defaultValue", metadata.DefaultValue));
        return element;
    }

    private static XElement TypeElement(string name, TypeHelp type) =>
        new XElement(Command + name,
            new XElement(Dev + "type", new XElement(M + "name", type.Name)),
            Description(type.Description));

    private static XElement ExampleElement(Example example)
    {
        string title = example.Title;
        return new XElement(Command + "example",
            new XElement(M + "title", $"--------- {title} ---------"),
            new XElement(Dev + "code", example.Code ?? string.Empty),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));
    }

    private static IEnumerable<XElement> Links(CommandHelp help)
    {
        if (!string.IsNullOrWhiteSpace(help.OnlineVersion))
        {
            yield return new XElement(M + "navigationLink", new XElement(M + "linkText", "Online Version:"), new XElement(M + "uri", help.OnlineVersion));
        }
        foreach ((string text, string uri) in help.Links)
        {
            // A link to another page of docs/ means nothing at a console: keep its name, which Get-Help shows.
            bool absolute = Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps);
            yield return new XElement(M + "navigationLink", new XElement(M + "linkText", text), new XElement(M + "uri", absolute ? uri : string.Empty));
        }
    }

    private static XElement Description(IEnumerable<string> paragraphs) => new XElement(M + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(M + "para", p));
}
