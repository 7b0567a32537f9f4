using System.Globalization;
using System.Management.Automation;
using System.Text;
using SoData.Cmdlets;
using SoData.Output;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>Export-SoDataDatapoint -Encoding takes what Export-Csv -Encoding takes: a name, a code page, or an Encoding.</summary>
public sealed class EncodingArgumentAttributeTests
{
    private static object? Transform(object? input) => new EncodingArgumentAttribute().Transform(null!, input);

    [Theory]
    [InlineData("utf8", "utf-8", "")]
    [InlineData("UTF8NoBOM", "utf-8", "")]
    [InlineData(" utf8BOM ", "utf-8", "EF-BB-BF")]
    [InlineData("unicode", "utf-16", "FF-FE")]
    [InlineData("bigendianunicode", "utf-16BE", "FE-FF")]
    [InlineData("utf32", "utf-32", "FF-FE-00-00")]
    [InlineData("bigendianutf32", "utf-32BE", "00-00-FE-FF")]
    [InlineData("ascii", "us-ascii", "")]
    [InlineData("us-ascii", "us-ascii", "")]
    [InlineData("65001", "utf-8", "EF-BB-BF")]
    public void PowerShells_names_any_name_NET_knows_and_code_pages_give_their_encoding(string name, string webName, string preamble)
    {
        var encoding = Assert.IsAssignableFrom<Encoding>(Transform(new PSObject(name)));
        Assert.Equal(webName, encoding.WebName);
        Assert.Equal(preamble, BitConverter.ToString(encoding.GetPreamble()));
    }

    [Fact]
    public void A_code_page_number_and_an_Encoding_object_are_taken_too()
    {
        Assert.Equal("utf-16", Assert.IsAssignableFrom<Encoding>(Transform(1200)).WebName);
        Encoding given = new UTF32Encoding(true, false);
        Assert.Same(given, Transform(new PSObject(given)));
    }

    [Fact]
    public void The_default_is_utf8_without_a_BOM()
    {
        Assert.Equal(("utf-8", 0), (EncodingNames.Default.WebName, EncodingNames.Default.GetPreamble().Length));
    }

    [Theory]
    [InlineData("klingon", "'klingon' is not an encoding this computer knows")]
    [InlineData("99999", "99999 is not a code page this computer knows")]
    [InlineData(99999, "99999 is not a code page this computer knows")]
    public void An_unknown_name_or_code_page_is_an_error_naming_Encoding_and_what_is_valid(object name, string what)
    {
        var refused = Assert.Throws<ArgumentTransformationMetadataException>(() => Transform(name));

        Assert.StartsWith($"-Encoding: {what}. Give utf8 (UTF-8 without a BOM, the default), utf8BOM, utf8NoBOM, ascii, unicode, bigendianunicode, utf32, bigendianutf32, ansi, oem, a code page", refused.Message);
    }

    [Fact]
    public void An_empty_value_is_left_to_the_parameters_NotEmpty_rule_and_anything_else_to_PowerShell()
    {
        Assert.Null(Transform(" "));
        Assert.Null(Transform(null));
        var array = new object[] { "utf8" };
        Assert.Same(array, Transform(array));
    }

    [Fact]
    public void Completion_offers_every_name_the_transformation_takes()
    {
        foreach (string name in EncodingNames.Names)
        {
            if ((name == "ansi" || name == "oem") && EncodingNames.FromCodePage(name == "ansi" ? CultureInfo.CurrentCulture.TextInfo.ANSICodePage : CultureInfo.CurrentCulture.TextInfo.OEMCodePage) == null)
                continue; // the culture's code pages are not on this runtime (PowerShell 7 registers them)
            Assert.IsAssignableFrom<Encoding>(Transform(name));
        }
        var offered = new SoData.Cmdlets.Completers.EncodingNameCompleter().CompleteArgument("Export-SoDataDatapoint", "Encoding", "utf8", null!, null!).Select(c => c.CompletionText);
        Assert.Equal(["utf8", "utf8BOM", "utf8NoBOM"], offered);
    }
}
