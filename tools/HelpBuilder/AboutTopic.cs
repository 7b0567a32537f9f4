using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace SoData.HelpBuilder;

/// <summary>
/// Renders an about topic in PlatyPS's about format (# about_Name, ## about_Name, # SHORT DESCRIPTION,
/// # LONG DESCRIPTION, ...) to the text Get-Help about_Name prints: level-1 headings in capitals, text wrapped at
/// 80 columns and indented, code indented further.
/// </summary>
internal static class AboutTopic
{
    private const int Width = 80;
    private static readonly Regex Link = new(@"\[([^\]]+)\]\(([^)]+)\)");

    public static string? Render(string file, string markdown, Report report)
    {
        int errorsBefore = report.ErrorCount;
        string topic = Path.GetFileNameWithoutExtension(file);
        MarkdownDocument document = Markdown.Parse(markdown, CommandPage.Pipeline);
        var text = new StringBuilder();
        var headings = document.OfType<HeadingBlock>().ToList();

        if (headings.Count == 0 || headings[0].Level != 1 || Markup.HeadingText(headings[0], markdown) != topic)
        {
            report.Error(file, headings.Count == 0 ? null : headings[0].Line + 1, $"an about topic starts with '# {topic}' (the file's name).");
            return null;
        }
        var level1 = headings.Where(h => h.Level == 1).Select(h => Markup.HeadingText(h, markdown).ToUpperInvariant()).ToList();
        foreach (string required in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION" }.Where(r => !level1.Contains(r)))
            report.Error(file, null, $"an about topic needs a '# {required}' section.");
        Match placeholder = Regex.Match(markdown, @"\{\{.*?\}\}");
        if (placeholder.Success) report.Error(file, null, $"a PlatyPS placeholder is still there: '{placeholder.Value}'.");

        text.AppendLine("TOPIC");
        text.AppendLine("    " + topic);
        bool first = true;
        foreach (Block block in document)
        {
            switch (block)
            {
                case HeadingBlock heading:
                {
                    string title = Markup.HeadingText(heading, markdown);
                    if (first) { first = false; continue; }
                    // "## about_Name" right under the title is the help system's lookup name, already written.
                    if (heading.Level == 2 && title.Equals(topic, StringComparison.OrdinalIgnoreCase)) continue;
                    text.AppendLine();
                    if (heading.Level == 1) text.AppendLine(title.ToUpperInvariant());
                    else
                    {
                        string indent = heading.Level == 2 ? "  " : "    ";
                        text.AppendLine(indent + title);
                        text.AppendLine(indent + new string('-', title.Length));
                    }
                    continue;
                }
                case FencedCodeBlock or CodeBlock:
                    text.AppendLine();
                    text.AppendLine(Markup.Indent(Markup.CodeText((LeafBlock)block), 8).TrimEnd());
                    continue;
                case ListBlock list:
                    text.AppendLine();
                    foreach (Block item in list)
                    {
                        string source = Markup.Source(item, markdown).TrimStart();
                        string marker = source.StartsWith('-') || source.StartsWith('*') || source.StartsWith('+') ? "-" : source[..(source.IndexOf(' ') is > 0 and var i ? i : 0)];
                        string body = Markup.Join(source[(source.IndexOf(' ') + 1)..]);
                        Wrap(text, Plain(body), "    " + marker + " ", new string(' ', 4 + marker.Length + 1));
                    }
                    continue;
                case Table:
                    text.AppendLine();
                    foreach (string line in Markup.Source(block, markdown).Replace("\r", "").Split('\n').Where(l => l.Trim().Length > 0))
                        text.AppendLine("    " + Plain(line.Trim()));
                    continue;
                case HtmlBlock or ThematicBreakBlock:
                    continue;
                default:
                    text.AppendLine();
                    foreach (string paragraph in Markup.Paragraphs(block, markdown)) Wrap(text, Plain(paragraph), "    ", "    ");
                    continue;
            }
        }
        return report.ErrorCount == errorsBefore ? text.ToString() : null;
    }

    /// <summary>Markdown inline syntax a console shows badly: [text](url) becomes "text (url)", **bold** plain.</summary>
    private static string Plain(string text)
    {
        text = Link.Replace(text, m => m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
        return text.Replace("**", string.Empty);
    }

    private static void Wrap(StringBuilder output, string text, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        bool empty = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                output.AppendLine(line.ToString());
                line.Clear().Append(indent);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        output.AppendLine(line.ToString().TrimEnd());
    }
}
