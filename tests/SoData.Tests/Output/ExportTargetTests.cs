using System.Text;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>Export-SoDataDatapoint's file, checked before any request: format, encoding, folder, an existing file.</summary>
public sealed class ExportTargetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-target-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private string In(string name) => Path.Combine(_folder, name);

    private static ExportFileException Refused(Action check) => Assert.Throws<ExportFileException>(check);

    [Theory]
    [InlineData("report.csv", ExportFormat.Csv)]
    [InlineData("report.TXT", ExportFormat.Csv)]
    [InlineData("report.XLSX", ExportFormat.Xlsx)]
    public void TheExtensionGivesTheFormat(string name, ExportFormat expected)
    {
        ExportTarget target = ExportTarget.Resolve(In(name), "-Path", null, null);
        Assert.Equal(expected, target.Format);
        Assert.Equal(In(name), target.Path);
        Assert.Equal(expected == ExportFormat.Csv, target.Encoding != null);
    }

    [Fact]
    public void FormatSaysWhatAnUnknownExtensionCannot()
    {
        Assert.Equal(ExportFormat.Xlsx, ExportTarget.Resolve(In("daily.dat"), "-LiteralPath", ExportFormat.Xlsx, null).Format);
        ExportFileException unknown = Refused(() => ExportTarget.Resolve(In("daily.dat"), "-LiteralPath", null, null));
        Assert.Equal("UnknownFileFormat", unknown.ErrorId);
        Assert.Equal(ExportFileProblem.InvalidArgument, unknown.Problem);
        Assert.StartsWith("-LiteralPath '", unknown.Message);
    }

    [Theory]
    [InlineData("old.xls", null, null, "UnsupportedFileFormat")]
    [InlineData("old.xlsm", ExportFormat.Xlsx, null, "UnsupportedFileFormat")]
    [InlineData("data.csv", ExportFormat.Xlsx, null, "FormatMismatch")]
    [InlineData("book.xlsx", ExportFormat.Csv, null, "FormatMismatch")]
    [InlineData("book.xlsx", null, "utf8BOM", "EncodingWithXlsx")]
    [InlineData("book.dat", ExportFormat.Xlsx, "utf8", "EncodingWithXlsx")]
    public void ANameFormatOrEncodingThatCannotWorkIsRefusedWithItsErrorId(string name, ExportFormat? format, string? encodingName, string errorId)
    {
        // An unknown encoding name never gets here: -Encoding's transformation refuses it (EncodingArgumentAttribute).
        Encoding? encoding = encodingName == null ? null : EncodingNames.Find(encodingName);
        ExportFileException refused = Refused(() => ExportTarget.Resolve(In(name), "-Path", format, encoding));
        Assert.Equal(errorId, refused.ErrorId);
        Assert.Equal(ExportFileProblem.InvalidArgument, refused.Problem);
        // The target is what the message is about: the format, the encoding, or the file.
        object? expected = errorId switch { "FormatMismatch" => format, "EncodingWithXlsx" => encoding, _ => In(name) };
        Assert.Equal(expected, refused.Target);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("utf8", "")]
    [InlineData("UTF8BOM", "EF-BB-BF")]
    [InlineData(" unicode ", "FF-FE")]
    [InlineData("bigendianunicode", "FE-FF")]
    [InlineData("utf32", "FF-FE-00-00")]
    [InlineData("us-ascii", "")]
    public void EncodingsArePowerShellsNamesOrAnyNameDotNetKnowsAndTheDefaultIsUtf8WithoutBom(string? name, string preamble)
    {
        Encoding encoding = ExportTarget.Resolve(In("a.csv"), "-Path", null, name == null ? null : EncodingNames.Find(name)).Encoding!;
        Assert.Equal(preamble, BitConverter.ToString(encoding.GetPreamble()));
    }

    [Fact]
    public void AFolderAMissingFolderAndAnExistingFileAreRefusedOnlyOnceChecked()
    {
        Directory.CreateDirectory(In("sub.csv"));
        ExportTarget folder = ExportTarget.Resolve(In("sub.csv"), "-Path", null, null);
        Assert.Equal("PathIsFolder", Refused(() => folder.CheckWritable(force: true)).ErrorId);

        ExportTarget nowhere = ExportTarget.Resolve(In(Path.Combine("missing", "a.csv")), "-Path", null, null);
        ExportFileException missing = Refused(() => nowhere.CheckWritable(force: false));
        Assert.Equal(("FolderNotFound", ExportFileProblem.FolderNotFound), (missing.ErrorId, missing.Problem));

        File.WriteAllText(In("there.csv"), "previous");
        ExportTarget there = ExportTarget.Resolve(In("there.csv"), "-LiteralPath", null, null);
        ExportFileException exists = Refused(() => there.CheckWritable(force: false));
        Assert.Equal(("FileExists", ExportFileProblem.FileExists), (exists.ErrorId, exists.Problem));
        Assert.Contains("-Force", exists.Message);
        there.CheckWritable(force: true);
    }
}
