using System;
using SoData.Client;
using Xunit;

namespace SoData.Tests.Datapoints;

public class DatapointsTimeTests
{
    private static readonly TimeZoneInfo Paris = DatapointsTimeZones.Find("Europe/Paris")!;

    [Fact]
    public void A_wall_clock_time_is_read_in_the_zone_and_an_instant_stays_an_instant()
    {
        Assert.Equal(new DateTimeOffset(2022, 5, 18, 0, 0, 0, TimeSpan.FromHours(2)), DatapointsTime.ToInstant(new DateTime(2022, 5, 18), Paris));
        var utc = new DateTime(2022, 5, 18, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTimeOffset(utc), DatapointsTime.ToInstant(utc, Paris));
        var local = new DateTime(2022, 5, 18, 0, 0, 0, DateTimeKind.Local);
        Assert.Equal(new DateTimeOffset(local), DatapointsTime.ToInstant(local, Paris));
    }

    [Theory]
    [InlineData(CalendarRange.Today, "2024-03-31T00:00:00+01:00", "2024-04-01T00:00:00+02:00")]
    [InlineData(CalendarRange.Yesterday, "2024-03-30T00:00:00+01:00", "2024-03-31T00:00:00+01:00")]
    [InlineData(CalendarRange.Last7Days, "2024-03-24T00:00:00+01:00", "2024-03-31T00:00:00+01:00")]
    [InlineData(CalendarRange.ThisWeek, "2024-03-25T00:00:00+01:00", "2024-04-01T00:00:00+02:00")]
    [InlineData(CalendarRange.LastWeek, "2024-03-18T00:00:00+01:00", "2024-03-25T00:00:00+01:00")]
    [InlineData(CalendarRange.ThisMonth, "2024-03-01T00:00:00+01:00", "2024-04-01T00:00:00+02:00")]
    [InlineData(CalendarRange.LastMonth, "2024-02-01T00:00:00+01:00", "2024-03-01T00:00:00+01:00")]
    [InlineData(CalendarRange.ThisYear, "2024-01-01T00:00:00+01:00", "2025-01-01T00:00:00+01:00")]
    [InlineData(CalendarRange.LastYear, "2023-01-01T00:00:00+01:00", "2024-01-01T00:00:00+01:00")]
    public void Calendar_ranges_are_whole_days_in_the_zone(CalendarRange range, string from, string to)
    {
        // Sunday 31 March 2024, 23:30 in Paris (21:30 UTC): the day DST starts, and the last day of a week and a month.
        var now = new DateTimeOffset(2024, 3, 31, 21, 30, 0, TimeSpan.Zero);
        (DateTimeOffset f, DateTimeOffset t) = DatapointsTime.Range(range, Paris, now);
        Assert.Equal(DateTimeOffset.Parse(from), f);
        Assert.Equal(DateTimeOffset.Parse(to), t);
    }

    [Fact]
    public void The_day_is_the_zones_not_utcs()
    {
        // 23:30 UTC on 17 May is already 18 May in Paris.
        var now = new DateTimeOffset(2022, 5, 17, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2022, 5, 17, 0, 0, 0, TimeSpan.FromHours(2)), DatapointsTime.Range(CalendarRange.Yesterday, Paris, now).From);
        Assert.Equal(new DateTimeOffset(2022, 5, 16, 0, 0, 0, TimeSpan.Zero), DatapointsTime.Range(CalendarRange.Yesterday, TimeZoneInfo.Utc, now).From);
    }
}
