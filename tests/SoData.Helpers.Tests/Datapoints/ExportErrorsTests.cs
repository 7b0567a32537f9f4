using System.Management.Automation;
using SoData.Cmdlets;
using SoData.Helpers.Tests.Support;
using SoData.Output;
using Xunit;

namespace SoData.Helpers.Tests.Datapoints;

/// <summary>The Output layer's file problems as error records: the ErrorId kept, the category of the problem, the cause as the exception.</summary>
public sealed class ExportErrorsTests
{
    [Theory]
    [InlineData(ExportFileProblem.InvalidArgument, ErrorCategory.InvalidArgument, typeof(ArgumentException))]
    [InlineData(ExportFileProblem.FolderNotFound, ErrorCategory.ObjectNotFound, typeof(DirectoryNotFoundException))]
    [InlineData(ExportFileProblem.FileExists, ErrorCategory.ResourceExists, typeof(IOException))]
    public void Each_problem_has_its_category_and_keeps_the_ErrorId_message_and_target(ExportFileProblem problem, ErrorCategory category, Type exception)
    {
        ErrorRecord record = ExportErrors.From(new ExportFileException("SomeId", problem, "-Path: what went wrong.", "/tmp/x.csv"));

        Assert.Equal(("SomeId", category, "/tmp/x.csv"), (record.FullyQualifiedErrorId, record.CategoryInfo.Category, record.TargetObject));
        Assert.IsAssignableFrom(exception, record.Exception);
        Assert.Equal("-Path: what went wrong.", record.ErrorDetails?.Message ?? record.Exception.Message);
    }

    [Theory]
    [InlineData(ExportFileProblem.CannotWrite, ErrorCategory.WriteError)]
    [InlineData(ExportFileProblem.WriterNotLoaded, ErrorCategory.ResourceUnavailable)]
    public void A_failure_to_write_has_its_cause_as_the_exception_and_says_what_it_means_here(ExportFileProblem problem, ErrorCategory category)
    {
        var cause = new IOException("disk full");
        ErrorRecord record = ExportErrors.From(new ExportFileException("CannotWriteFile", problem, "Could not write 'x.csv': disk full", "x.csv", cause));

        Assert.Same(cause, record.Exception);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("Could not write 'x.csv': disk full", record.ErrorDetails.Message);
    }

    [Fact]
    public void Checked_ends_the_command_with_that_record_and_lets_a_step_that_works_return()
    {
        var cmdlet = new TestCmdlet(new RecordingRuntime());

        Assert.Equal(7, cmdlet.Checked(() => 7));
        CommandTerminatedException ended = Assert.Throws<CommandTerminatedException>(() =>
            cmdlet.Checked(() => throw new ExportFileException("FileExists", ExportFileProblem.FileExists, "exists", "x.csv")));
        Assert.Equal("FileExists", ended.ErrorRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public void No_series_to_export_names_the_file_that_was_not_written()
    {
        ErrorRecord record = ExportErrors.NoSeries("/data/x.csv");
        Assert.Equal(("NoSeriesToExport", ErrorCategory.ObjectNotFound), (record.FullyQualifiedErrorId, record.CategoryInfo.Category));
        Assert.Equal("None of the series given could be read, so '/data/x.csv' was not written.", record.Exception.Message);
    }
}
