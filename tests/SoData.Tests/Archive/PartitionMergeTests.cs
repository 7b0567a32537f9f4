using System.Globalization;
using SoData.Archive;
using Xunit;

namespace SoData.Tests.Archive;

/// <summary>The streaming merge of a partition: one row per (device, series, timestamp), sorted, the new point winning.</summary>
public class PartitionMergeTests
{
    private const string DeviceA = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string DeviceB = "bbbbbbbb-0000-0000-0000-000000000002";

    private static DataPoint Point(string time, double value, string device = DeviceA, string series = "Global|0|140100") => new()
    {
        Timestamp = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture),
        Value = value,
        DeviceUuid = device,
        DeviceName = device == DeviceA ? "Delphys, GP2" : "Diris",
        ItemType = series.Split('|')[0],
        ItemIndex = int.Parse(series.Split('|')[1], CultureInfo.InvariantCulture),
        ServiceId = int.Parse(series.Split('|')[2], CultureInfo.InvariantCulture),
        StreamRef = series,
        Granularity = Granularity.Raw,
        CorporateAccountUuid = "cccccccc-0000-0000-0000-000000000003",
    };

    private static (string Text, MergeOutcome Outcome, List<DataPoint> Added) Merge(string? existing, params DataPoint[] points)
    {
        var merge = new PartitionMerge();
        var output = new StringWriter { NewLine = "\n" };
        var added = new List<DataPoint>();
        MergeOutcome outcome = merge.Merge("test.csv", existing == null ? null : new StringReader(existing), ArchiveOrder.SortedUnique(points), output, added.Add);
        return (output.ToString(), outcome, added);
    }

    private static List<string> Rows(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

    [Fact]
    public void ANewPartitionIsSortedByTimestampThenDeviceThenSeries_WithTheExportHeader()
    {
        var (text, outcome, added) = Merge(null,
            Point("2024-05-01T00:10:00Z", 3, DeviceB),
            Point("2024-05-01T00:05:00Z", 2, DeviceA, "Global|0|140101"),
            Point("2024-05-01T00:05:00Z", 1, DeviceA),
            Point("2024-05-01T00:10:00Z", 4, DeviceA));
        Assert.StartsWith("Timestamp,Value,DeviceUuid,DeviceName,Title,Unit,ItemType,ItemIndex,ServiceId,StreamRef,Granularity,Aggregation,CorporateAccountUuid\n", text);
        Assert.Equal(new[] { "1", "2", "4", "3" }, Rows(text).Select(r => r.Split(',')[1]));
        Assert.Equal(4, outcome.Added);
        Assert.Equal(4, outcome.Rows);
        Assert.Equal(4, added.Count);
        // A name with a comma is quoted, as Export-SoDataDatapoint writes it.
        Assert.Contains("\"Delphys, GP2\"", Rows(text)[0]);
    }

    [Fact]
    public void MergingTheSamePointsAgainChangesNothing()
    {
        var points = new[] { Point("2024-05-01T00:00:00Z", 1), Point("2024-05-01T00:05:00Z", 2), Point("2024-05-01T00:05:00Z", 7, DeviceB) };
        var (first, _, _) = Merge(null, points);
        var (second, outcome, added) = Merge(first, points);
        Assert.Equal(first, second);
        Assert.False(outcome.Changed);
        Assert.Equal(0, outcome.Added);
        Assert.Empty(added);
    }

    [Fact]
    public void LatePointsGoInTheirPlace_AndAPointWithTheSameKeyIsReplacedByTheNewOne()
    {
        var (old, _, _) = Merge(null, Point("2024-05-01T00:00:00Z", 1), Point("2024-05-01T00:10:00Z", 3));
        var (text, outcome, added) = Merge(old,
            Point("2024-05-01T00:05:00Z", 2),      // late: between two old rows
            Point("2024-05-01T00:10:00Z", 30),     // the same key, a new value: the new one wins
            Point("2024-05-01T00:15:00Z", 4));     // after the end
        Assert.Equal(new[] { "1", "2", "30", "4" }, Rows(text).Select(r => r.Split(',')[1]));
        Assert.Equal(2, outcome.Added);
        Assert.Equal(1, outcome.Replaced);
        Assert.Equal(4, outcome.Rows);
        Assert.Equal(new[] { 5, 15 }, added.Select(p => p.Timestamp.Minute));
    }

    [Fact]
    public void DuplicatesAmongTheNewPointsBecomeOneRow_TheLastGivenWins()
    {
        var (text, outcome, _) = Merge(null, Point("2024-05-01T00:00:00Z", 1), Point("2024-05-01T00:00:00Z", 2), Point("2024-05-01T02:00:00+02:00", 3));
        Assert.Equal(new[] { "3" }, Rows(text).Select(r => r.Split(',')[1]));
        Assert.Equal(1, outcome.Added);
    }

    [Fact]
    public void TheSameInstantAtAnotherOffsetIsTheSameKey()
    {
        var (old, _, _) = Merge(null, Point("2024-05-01T02:00:00+02:00", 1));
        var (text, outcome, _) = Merge(old, Point("2024-05-01T00:00:00Z", 1));
        Assert.Single(Rows(text));
        Assert.Equal(0, outcome.Added);
    }

    [Fact]
    public void AFileThatIsNotAPartitionIsRefused_NamingItAndTheLine()
    {
        var wrongHeader = Assert.Throws<InvalidDataException>(() => Merge("a,b,c\n1,2,3\n", Point("2024-05-01T00:00:00Z", 1)));
        Assert.Contains("test.csv", wrongHeader.Message);
        var (good, _, _) = Merge(null, Point("2024-05-01T00:00:00Z", 1), Point("2024-05-01T00:05:00Z", 2));
        string[] lines = good.Split('\n');
        string unsorted = string.Join("\n", lines[0], lines[2], lines[1]) + "\n";
        var outOfOrder = Assert.Throws<InvalidDataException>(() => Merge(unsorted, Point("2024-05-01T00:10:00Z", 3)));
        Assert.Contains("line 3", outOfOrder.Message);
    }

    [Fact]
    public void QuotedFieldsWithCommasQuotesAndLineBreaksAreReadBackWhole()
    {
        var fields = new List<string>();
        PartitionMerge.Split("a,\"b, \"\"c\"\"\nd\",,e", fields);
        Assert.Equal(new[] { "a", "b, \"c\"\nd", "", "e" }, fields);
        DataPoint odd = Point("2024-05-01T00:00:00Z", 1);
        odd.Title = "Line\nbreak, \"quoted\"";
        var (old, _, _) = Merge(null, odd);
        var (again, outcome, _) = Merge(old, Point("2024-05-01T00:05:00Z", 2));
        Assert.Equal(2, outcome.Rows);
        Assert.StartsWith(old, again);
    }

    [Theory]
    [InlineData("2024-05-01T00:00:00+02:00")]
    [InlineData("2024-10-27T02:30:00.5+01:00")]
    [InlineData("2024-10-27T02:30:00.1234567-04:00")]
    [InlineData("0001-01-01T12:00:00+00:00")]
    public void TimesAreReadByHandAsDotNetReadsThem(string text)
    {
        Assert.True(PartitionMerge.TryParseTime(text, out long ticks));
        Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcTicks, ticks);
    }

    [Theory]
    [InlineData("2024-05-01 00:00:00+02:00")]
    [InlineData("2024-13-01T00:00:00+02:00")]
    [InlineData("2024-05-01T00:00:00Z")]
    [InlineData("2024-05-01T00:00:00.+02:00")]
    public void OtherTextIsLeftToDotNet(string text) => Assert.False(PartitionMerge.TryParseTime(text, out _));

    [Fact]
    public void MemoryStaysFlat_APartitionIsReadAsAStream()
    {
        // 200,000 old rows read through a reader that never holds more than a line: the merge keeps no list of them.
        var merge = new PartitionMerge();
        var old = new StringWriter { NewLine = "\n" };
        old.WriteLine(merge.Header);
        var start = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 200_000; i++) old.WriteLine(merge.Format(Point(start.AddSeconds(10 * i).ToString("o"), i)));
        var counting = new CountingWriter();
        MergeOutcome outcome = merge.Merge("big.csv", new StringReader(old.ToString()), ArchiveOrder.SortedUnique(new[] { Point(start.AddSeconds(5).ToString("o"), -1) }), counting);
        Assert.Equal(200_001, outcome.Rows);
        Assert.Equal(200_002, counting.Lines);
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Lines { get; private set; }
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) { }
        public override void WriteLine(string? value) => Lines++;
    }
}
