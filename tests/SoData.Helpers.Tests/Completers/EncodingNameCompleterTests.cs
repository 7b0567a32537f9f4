using SoData.Cmdlets.Completers;
using Xunit;

namespace SoData.Helpers.Tests.Completers;

/// <summary><see cref="EncodingNameCompleter"/> on its own: the names Export-SoDataDatapoint -Encoding knows, by prefix, in their order.</summary>
public sealed class EncodingNameCompleterTests
{
    private static List<string> Complete(string? word) =>
        Tab.Texts(new EncodingNameCompleter().CompleteArgument("Export-SoDataDatapoint", "Encoding", word!, null!, Tab.Bound()));

    [Theory]
    [InlineData("utf8", new[] { "utf8", "utf8BOM", "utf8NoBOM" })]
    [InlineData("UTF8n", new[] { "utf8NoBOM" })]
    [InlineData("'big", new[] { "bigendianunicode", "bigendianutf32" })]
    [InlineData("\"a", new[] { "ascii", "ansi" })]
    [InlineData("latin", new string[0])]
    public void Offers_the_known_names_starting_with_the_word(string word, string[] expected)
    {
        Assert.Equal(expected, Complete(word));
    }

    [Fact]
    public void No_word_offers_every_known_name_in_order_with_itself_as_tooltip()
    {
        Assert.Equal(SoData.Output.EncodingNames.Names, Complete(null));
        var results = new EncodingNameCompleter().CompleteArgument("Export-SoDataDatapoint", "Encoding", "", null!, Tab.Bound()).ToList();
        Assert.All(results, r => Assert.Equal(r.CompletionText, r.ToolTip));
    }
}
