using SoData.Archive;
using Xunit;

namespace SoData.Tests.Archive;

/// <summary>Partitions are cut on the calendar of the archive's zone, DST included; reads start on whole time steps.</summary>
public class ArchivePartitionsTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    // The last evening of March in UTC is already April in Paris (summer time, +02:00).
    [InlineData("2024-03-31T21:59:59Z", "Europe/Paris", ArchivePartition.Month, "2024-03")]
    [InlineData("2024-03-31T22:00:00Z", "Europe/Paris", ArchivePartition.Month, "2024-04")]
    [InlineData("2024-03-31T22:00:00Z", "UTC", ArchivePartition.Month, "2024-03")]
    // Winter time (+01:00) again on 27 October: midnight of the 28th is 23:00 UTC.
    [InlineData("2024-10-27T22:59:59Z", "Europe/Paris", ArchivePartition.Day, "2024-10-27")]
    [InlineData("2024-10-27T23:00:00Z", "Europe/Paris", ArchivePartition.Day, "2024-10-28")]
    [InlineData("2024-10-27T23:00:00Z", "America/New_York", ArchivePartition.Day, "2024-10-27")]
    public void APointLandsInThePartitionOfItsLocalDate(string instant, string zone, ArchivePartition partition, string expected)
    {
        var time = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, ArchivePartitions.Name(time, TimeZoneInfo.FindSystemTimeZoneById(zone), partition));
    }

    [Fact]
    public void DaysAroundDstChangesAre23And25HoursLong()
    {
        DateTimeOffset spring = new(2024, 3, 31, 0, 0, 0, TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromHours(23), ArchivePartitions.NextEdge(spring, Paris, ArchivePartition.Day) - spring);
        DateTimeOffset autumn = new(2024, 10, 27, 0, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromHours(25), ArchivePartitions.NextEdge(autumn, Paris, ArchivePartition.Day) - autumn);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(2)), ArchivePartitions.NextEdge(spring, Paris, ArchivePartition.Month));
    }

    [Theory]
    [InlineData(Granularity.Raw, "2024-05-15T10:37:12+02:00")]
    [InlineData(Granularity.Minute, "2024-05-15T10:37:00+02:00")]
    [InlineData(Granularity.Hour, "2024-05-15T10:00:00+02:00")]
    [InlineData(Granularity.Day, "2024-05-15T00:00:00+02:00")]
    [InlineData(Granularity.Week, "2024-05-13T00:00:00+02:00")]
    [InlineData(Granularity.Month, "2024-05-01T00:00:00+02:00")]
    [InlineData(Granularity.Year, "2024-01-01T00:00:00+01:00")]
    public void AReadStartsOnTheTimeStepThatHoldsIt(Granularity granularity, string expected)
    {
        var time = new DateTimeOffset(2024, 5, 15, 8, 37, 12, TimeSpan.Zero);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ArchivePartitions.StepStart(time, granularity, Paris));
    }

    [Fact]
    public void StepsFollowPartitionsAndNeverCutAnAggregate()
    {
        var from = new DateTimeOffset(2024, 5, 30, 12, 0, 0, TimeSpan.FromHours(2));
        var to = new DateTimeOffset(2024, 6, 2, 6, 0, 0, TimeSpan.FromHours(2));
        var days = SyncSteps.Cut(from, to, Paris, ArchivePartition.Day, Granularity.Raw);
        Assert.Equal(4, days.Count);
        Assert.Equal(from, days[0].From);
        Assert.Equal(new DateTimeOffset(2024, 5, 31, 0, 0, 0, TimeSpan.FromHours(2)), days[0].To);
        Assert.Equal(to, days[^1].To);
        for (int i = 1; i < days.Count; i++) Assert.Equal(days[i - 1].To, days[i].From);

        // Weeks over day partitions: a step ends on a Monday, whatever the partition edges in between.
        var weeks = SyncSteps.Cut(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.FromHours(2)), to, Paris, ArchivePartition.Day, Granularity.Week);
        Assert.All(weeks.Skip(1), s => Assert.Equal(DayOfWeek.Monday, s.From.DayOfWeek));
        Assert.Equal(new DateTimeOffset(2024, 4, 29, 0, 0, 0, TimeSpan.FromHours(2)), weeks[0].From);
        Assert.Equal(to, weeks[^1].To);

        // A long first sync of raw points: steps of at most two days, still on day edges, within month partitions.
        var capped = SyncSteps.Cut(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2024, 4, 3, 0, 0, 0, TimeSpan.FromHours(2)), Paris, ArchivePartition.Month, Granularity.Raw, maxDays: 2);
        Assert.Equal(17, capped.Count);
        Assert.All(capped, s => Assert.Equal(TimeSpan.Zero, s.From.TimeOfDay));
        Assert.Contains(capped, s => s.From == new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(2)));
        Assert.All(capped, s => Assert.True(s.To - s.From <= TimeSpan.FromDays(2)));
    }
}
