using System.Reflection;
using SoData.Client;
using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>Export-SoDataDatapoint's file while it is written: rows, pivot windows, the commit, and what is left after a failure.</summary>
public sealed class DatapointFileTests : IDisposable
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("sodata-datapointfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private ExportTarget Target(string name) => ExportTarget.Resolve(Path.Combine(_folder, name), "-Path", null, null);

    private string[] Leftovers() => Directory.GetFiles(_folder, "*.tmp");

    private static DatapointsSeries S(string reference, string title) => new("CA-1", "d1", SeriesRef.Parse(reference)) { DeviceName = "Ups", Title = title };

    private static DataPoint P(DatapointsSeries s, DateTimeOffset at, double value) => new()
    {
        Timestamp = at, Value = value, CorporateAccountUuid = s.CorporateAccountUuid, DeviceUuid = s.DeviceUuid, StreamRef = s.Ref.ToString(),
    };

    [Fact]
    public void RowsAppearAtTheTargetOnlyWithTheCommit()
    {
        ExportTarget target = Target("points.csv");
        DatapointsSeries load = S("Global|0|140100", "Load");
        using (DatapointFile file = DatapointFile.Create(target, TimeZoneInfo.Utc))
        {
            file.StartPoints();
            file.WritePoints([P(load, May1, 40), P(load, May1.AddMinutes(1), 41)]);
            Assert.Equal(2, file.Rows);
            Assert.False(File.Exists(target.Path));
            Assert.Single(Leftovers());
            file.Commit(replace: false);
        }
        string[] lines = File.ReadAllLines(target.Path);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Timestamp,Value", lines[0]);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void WithoutACommitNothingIsLeftAndAnExistingTargetIsUntouched()
    {
        ExportTarget target = Target("kept.csv");
        File.WriteAllText(target.Path, "previous");
        using (DatapointFile file = DatapointFile.Create(target, null))
        {
            file.StartPoints();
            file.WritePoints([P(S("Global|0|140100", "Load"), May1, 1)]);
        }
        Assert.Equal("previous", File.ReadAllText(target.Path));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void AFileCreatedByItsTargetMeanwhileIsReplacedOnlyWhenAskedTo()
    {
        ExportTarget target = Target("race.csv");
        using DatapointFile file = DatapointFile.Create(target, null);
        file.StartPoints();
        File.WriteAllText(target.Path, "someone else's");
        ExportFileException refused = Assert.Throws<ExportFileException>(() => file.Commit(replace: false));
        Assert.Equal(("FileExists", ExportFileProblem.FileExists), (refused.ErrorId, refused.Problem));
        Assert.Equal("someone else's", File.ReadAllText(target.Path));
    }

    [Fact]
    public void APivotIsWrittenWindowByWindowInTimeOrder()
    {
        ExportTarget target = Target("pivot.csv");
        DatapointsSeries load = S("Global|0|140100", "Load"), current = S("Unit|1|140108", "Current");
        using (DatapointFile file = DatapointFile.Create(target, TimeZoneInfo.Utc))
        {
            file.StartPivot([load, current]);
            // Window 1 comes as two batches, in any time order within it.
            file.AddToWindow(1, [P(load, May1.AddMinutes(1), 2), P(load, May1, 1)]);
            file.AddToWindow(1, [P(current, May1, 10)]);
            Assert.Equal(0, file.Rows);
            file.AddToWindow(2, [P(load, May1.AddHours(1), 3)]);
            Assert.Equal(2, file.Rows); // the first point of window 2 wrote window 1
            file.FlushWindow();
            Assert.Equal(3, file.Rows);
            file.Commit(replace: false);
        }
        string[] lines = File.ReadAllLines(target.Path);
        Assert.Equal("Timestamp,Ups Global|0|140100,Ups Unit|1|140108", lines[0]);
        Assert.Equal(["2024-05-01T00:00:00+00:00,1,10", "2024-05-01T00:01:00+00:00,2,", "2024-05-01T01:00:00+00:00,3,"], lines.Skip(1));
    }

    [Fact]
    public void AWorkbookWriterThatCannotLoadIsItsOwnErrorAndLeavesNoFile()
    {
        ExportTarget target = Target("book.xlsx");
        var cause = new FileNotFoundException("SoData.Spreadsheet.dll is missing");
        ExportFileException refused = Assert.Throws<ExportFileException>(() =>
            DatapointFile.Create(target, null, _ => throw new TargetInvocationException(cause)));
        Assert.Equal(("SpreadsheetWriterNotLoaded", ExportFileProblem.WriterNotLoaded), (refused.ErrorId, refused.Problem));
        Assert.Same(cause, refused.InnerException);
        Assert.Empty(Leftovers());
        Assert.False(File.Exists(target.Path));
    }

    [Fact]
    public void AWorkbookHasOneSheetOfRows()
    {
        ExportTarget target = Target("book.xlsx");
        using (DatapointFile file = DatapointFile.Create(target, TimeZoneInfo.Utc))
        {
            file.StartPoints();
            file.WritePoints([P(S("Global|0|140100", "Load"), May1, 40)]);
            Assert.Equal(1, file.Sheets);
            file.Commit(replace: false);
        }
        ReadSheet sheet = Assert.Single(WorkbookReader.Read(target.Path));
        Assert.Equal(2, sheet.Rows.Count);
    }
}
