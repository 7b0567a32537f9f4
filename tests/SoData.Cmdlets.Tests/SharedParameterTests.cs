using System.Collections;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using SoData.Cmdlets.Tests.Support;
using Xunit;

namespace SoData.Cmdlets.Tests;

/// <summary>
/// The parameters several cmdlets declare each (-CorporateAccount and -CorporateAccountUuid in every cmdlet that works
/// in a corporate account, the range parameters in Get- and Export-SoDataDatapoint) are copies kept in step: the same
/// type, attributes (pipeline binding, position, validation, completion, aliases), default value, and help page text.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class SharedParameterTests(ModuleFixture module) : IDisposable
{
    private readonly Shell _shell = module.NotConnected();

    public void Dispose() => _shell.Dispose();

    public static TheoryData<string> SharedParameters() => new()
    {
        "CorporateAccount", "CorporateAccountUuid",
        "From", "To", "Range", "Granularity", "Aggregation", "TimeZone", "UseDeviceLocalTimezone", "BatchSize", "Pivot",
    };

    private static readonly Dictionary<string, int> ExpectedCopies = new()
    {
        ["CorporateAccount"] = 10, ["CorporateAccountUuid"] = 10,
        ["From"] = 3, ["To"] = 3, ["Range"] = 2, ["Granularity"] = 3, ["Aggregation"] = 3, ["TimeZone"] = 3,
        ["UseDeviceLocalTimezone"] = 3, ["BatchSize"] = 2, ["Pivot"] = 2,
    };

    [Theory]
    [MemberData(nameof(SharedParameters))]
    public void EveryCopyOfASharedParameterHasTheSameMetadata(string parameter)
    {
        List<(string Cmdlet, string Metadata)> copies = Cmdlets()
            .Where(c => c.Parameters.ContainsKey(parameter))
            .Select(c => (c.Name, Describe(c, c.Parameters[parameter])))
            .ToList();

        Assert.Equal(ExpectedCopies[parameter], copies.Count);
        string first = copies[0].Metadata;
        foreach ((string cmdlet, string metadata) in copies.Skip(1))
            Assert.True(first == metadata, $"-{parameter} of {cmdlet} differs from {copies[0].Cmdlet}'s:\n{metadata}\nvs\n{first}");
    }

    [Theory]
    [MemberData(nameof(SharedParameters))]
    public void EveryCopyOfASharedParameterIsHelpedTheSameWay(string parameter)
    {
        // A page may say what is its cmdlet's own (the export's file, the listing's pipeline) after the same opening clause.
        List<(string Cmdlet, string Help)> pages = Cmdlets()
            .Where(c => c.Parameters.ContainsKey(parameter))
            // Sync-SoDataDatapoint's -From, -To, -TimeZone and -UseDeviceLocalTimezone are the archive's: a new series' start,
            // the bookmark, the partitions' calendar (one zone's, or each device's).
            .Where(c => !(c.Name == "Sync-SoDataDatapoint" && (parameter == "From" || parameter == "To" || parameter == "TimeZone" || parameter == "UseDeviceLocalTimezone")))
            .Select(c => (c.Name, OpeningClause(HelpText(c.Name, parameter))))
            .ToList();

        Assert.All(pages, page => Assert.False(string.IsNullOrWhiteSpace(page.Help), $"docs/{page.Cmdlet}.md has no text for -{parameter}"));
        foreach ((string cmdlet, string help) in pages.Skip(1))
            Assert.True(help == pages[0].Help, $"docs/{cmdlet}.md begins -{parameter} with \"{help}\", docs/{pages[0].Cmdlet}.md with \"{pages[0].Help}\"");
    }

    private List<CmdletInfo> Cmdlets() =>
        _shell.Get("Get-Command -Module SoData -CommandType Cmdlet").Select(o => (CmdletInfo)o.BaseObject).ToList();

    /// <summary>Everything PowerShell knows of a parameter but its cmdlet's own parameter set names, and its default value.</summary>
    private static string Describe(CmdletInfo cmdlet, ParameterMetadata parameter)
    {
        var lines = new List<string> { "type " + parameter.ParameterType.FullName, "aliases " + string.Join(",", parameter.Aliases.OrderBy(a => a)) };
        foreach (ParameterAttribute set in parameter.Attributes.OfType<ParameterAttribute>().OrderBy(p => p.ParameterSetName))
        {
            string setName = set.ParameterSetName == ParameterAttribute.AllParameterSets ? "(all)" : "(a set)";
            lines.Add($"parameter {setName} mandatory={set.Mandatory} position={set.Position} byValue={set.ValueFromPipeline} " +
                $"byName={set.ValueFromPipelineByPropertyName} dontShow={set.DontShow} help={set.HelpMessage}");
        }
        // The compiler's own (nullable annotations) differ with the file's context, not with the parameter.
        foreach (Attribute attribute in parameter.Attributes
            .Where(a => a is not ParameterAttribute && a is not AliasAttribute && a.GetType().Namespace != "System.Runtime.CompilerServices")
            .OrderBy(a => a.GetType().FullName))
            lines.Add(DescribeAttribute(attribute));
        PropertyInfo property = cmdlet.ImplementingType.GetProperty(parameter.Name)!;
        object? defaultValue = property.GetValue(Activator.CreateInstance(cmdlet.ImplementingType));
        lines.Add("default " + (defaultValue is IEnumerable e and not string ? string.Join(",", e.Cast<object>()) : defaultValue?.ToString() ?? "(null)"));
        return string.Join("\n", lines);
    }

    /// <summary>An attribute's type and the values of its public properties (a range's bounds, a completer's type...).</summary>
    private static string DescribeAttribute(Attribute attribute)
    {
        IEnumerable<string> values = attribute.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(Attribute.TypeId) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name)
            .Select(p => $"{p.Name}={Format(p.GetValue(attribute))}");
        return attribute.GetType().FullName + " " + string.Join(" ", values);
    }

    private static string Format(object? value) => value switch
    {
        null => "(null)",
        string text => text,
        IEnumerable items => "[" + string.Join(",", items.Cast<object>()) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The description of -<paramref name="parameter"/> on the cmdlet's PlatyPS page: the text between its heading and its yaml block.</summary>
    private static string HelpText(string cmdlet, string parameter)
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", cmdlet + ".md"));
        Match match = Regex.Match(page, @"^### -" + Regex.Escape(parameter) + @"\s*\n(.*?)^```yaml", RegexOptions.Singleline | RegexOptions.Multiline);
        return match.Success ? Regex.Replace(match.Groups[1].Value, @"\s+", " ").Trim() : string.Empty;
    }

    /// <summary>The text up to its first colon or full stop: what the parameter is, before what it does in this cmdlet.</summary>
    private static string OpeningClause(string text)
    {
        Match end = Regex.Match(text, @"[:.](\s|$)");
        return end.Success ? text.Substring(0, end.Index) : text;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SoData.psd1")) && Directory.Exists(Path.Combine(folder.FullName, "docs"))) return folder.FullName;
        }
        throw new DirectoryNotFoundException("The repository (SoData.psd1 and docs/) is not above " + AppContext.BaseDirectory);
    }
}
