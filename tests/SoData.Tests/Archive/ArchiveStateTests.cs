using SoData.Archive;
using Xunit;

namespace SoData.Tests.Archive;

/// <summary>The state file: versioned JSON that reads back as written, settings compared one by one, and the lock.</summary>
public sealed class ArchiveStateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sodata-state-" + Guid.NewGuid().ToString("N")[..8]);

    public ArchiveStateTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, true);

    private static ArchiveState Sample()
    {
        var state = new ArchiveState
        {
            Settings = new ArchiveSettings { Granularity = Granularity.Hour, Aggregation = Aggregation.Max, TimeZone = "Europe/Paris", Partition = ArchivePartition.Day, Format = "Csv" },
            Updated = new DateTimeOffset(2024, 5, 2, 3, 0, 0, TimeSpan.FromHours(2)),
        };
        var series = new ArchiveSeriesState
        {
            CorporateAccountUuid = "CA", DeviceUuid = "Dev-1", DeviceName = "Delphys \"GP\"", StreamRef = "Global|0|140100",
            Bookmark = new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.FromHours(2)), LastPoint = new DateTimeOffset(2024, 5, 1, 23, 0, 0, TimeSpan.FromHours(2)),
        };
        state.Series[series.Key] = series;
        return state;
    }

    [Fact]
    public void TheStateReadsBackAsWritten_AsReadableJsonWithItsVersion()
    {
        var folder = new ArchiveFolder(_folder, TimeZoneInfo.Utc, null);
        folder.WriteState(Sample());
        string text = File.ReadAllText(folder.StatePath);
        Assert.Contains("\"version\": 1", text);
        Assert.Contains("\"bookmark\": \"2024-05-02T00:00:00+02:00\"", text);
        Assert.Contains("Global|0|140100", text);
        ArchiveState read = ArchiveState.Read(folder.StatePath);
        Assert.Empty(read.Settings.Differences(Sample().Settings));
        ArchiveSeriesState s = Assert.Single(read.Series.Values);
        Assert.Equal("ca/dev-1/global|0|140100", s.Key);
        Assert.Equal(Sample().Series.Values.Single().Bookmark, s.Bookmark);
        Assert.Equal(Sample().Series.Values.Single().LastPoint, s.LastPoint);
        Assert.Equal("Delphys \"GP\"", s.DeviceName);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void ANewerVersionOrAnotherFileIsRefused_NamingTheFile()
    {
        string path = Path.Combine(_folder, ArchiveState.FileName);
        File.WriteAllText(path, Sample().ToJson().Replace("\"version\": 1", "\"version\": 3"));
        var newer = Assert.Throws<InvalidDataException>(() => ArchiveState.Read(path));
        Assert.Contains("version 3", newer.Message);
        Assert.Contains(path, newer.Message);
        File.WriteAllText(path, "{ not json");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => ArchiveState.Read(path)).Message);
        File.WriteAllText(path, "{\"version\": 1}");
        Assert.Contains("settings", Assert.Throws<InvalidDataException>(() => ArchiveState.Read(path)).Message);
    }

    [Fact]
    public void EachSettingThatDiffersIsNamed()
    {
        var asked = new ArchiveSettings { Granularity = Granularity.Raw, Aggregation = null, TimeZone = "europe/paris", Partition = ArchivePartition.Day, Format = "Csv" };
        var differences = Sample().Settings.Differences(asked).ToList();
        Assert.Equal(new[] { "-Granularity", "-Aggregation" }, differences.Select(d => d.Parameter));
        Assert.Equal(("-Granularity", "Hour", "Raw"), differences[0]);
    }

    [Fact]
    public void AnArchiveOnTheDevicesCalendars_IsVersion2_KeepsEachSeriesZone_AndDiffersFromAZone()
    {
        ArchiveState state = Sample();
        state.Settings.TimeZone = "UTC";
        state.Settings.UseDeviceLocalTimezone = true;
        state.Series.Values.Single().TimeZone = "Europe/Paris";
        string path = Path.Combine(_folder, ArchiveState.FileName);
        File.WriteAllText(path, state.ToJson());
        string text = File.ReadAllText(path);
        // A module that reads only version 1 refuses it, rather than cut it on one zone.
        Assert.Contains("\"version\": 2", text);
        Assert.Contains("\"useDeviceLocalTimezone\": true", text);
        ArchiveState read = ArchiveState.Read(path);
        Assert.True(read.Settings.UseDeviceLocalTimezone);
        Assert.Equal("Europe/Paris", read.Series.Values.Single().TimeZone);
        Assert.Empty(read.Settings.Differences(state.Settings));

        // One -TimeZone or the devices' own: named as the user gives them.
        var paris = new ArchiveSettings { Granularity = Granularity.Hour, Aggregation = Aggregation.Max, TimeZone = "Europe/Paris", Partition = ArchivePartition.Day, Format = "Csv" };
        Assert.Equal(("-UseDeviceLocalTimezone", "-UseDeviceLocalTimezone", "-TimeZone Europe/Paris"), Assert.Single(read.Settings.Differences(paris)));

        // A series without its zone in such an archive is not a state this module wrote.
        File.WriteAllText(path, text.Replace("\"timeZone\": \"Europe/Paris\",", string.Empty));
        Assert.Contains("timeZone", Assert.Throws<InvalidDataException>(() => ArchiveState.Read(path)).Message);
    }

    [Fact]
    public void AnAtomicReplaceLeavesTheOldFileOrTheNewOne_NeverAMix()
    {
        var folder = new ArchiveFolder(_folder, TimeZoneInfo.Utc, null);
        folder.WriteState(Sample());
        string before = File.ReadAllText(folder.StatePath);
        // A write that fails half-way (the temporary file is abandoned) leaves the old state whole.
        using (var file = SoData.Output.AtomicFile.Create(folder.StatePath))
        {
            file.Stream.Write(new byte[] { (byte)'{' }, 0, 1);
        }
        Assert.Equal(before, File.ReadAllText(folder.StatePath));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
        // A temporary file left by a killed run is deleted by the next run, and only those.
        File.WriteAllText(Path.Combine(_folder, ".2024-05.csv.0123456789ab.tmp"), "partial");
        File.WriteAllText(Path.Combine(_folder, ".sodata-archive.json.abcdef012345.tmp"), "partial");
        File.WriteAllText(Path.Combine(_folder, ".notes.tmp"), "someone else's");
        Assert.Equal(2, folder.DeleteLeftovers().Count);
        Assert.True(File.Exists(Path.Combine(_folder, ".notes.tmp")));
    }

    [Fact]
    public void APartitionIsRewrittenOnlyWhenSomethingChanged()
    {
        var folder = new ArchiveFolder(_folder, TimeZoneInfo.Utc, null);
        var point = new DataPoint { Timestamp = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), Value = 1, DeviceUuid = "d", StreamRef = "Global|0|1", ItemType = "Global", ServiceId = 1 };
        Assert.True(folder.MergePartition("2024-05", new[] { point }).Changed);
        string path = folder.PartitionPath("2024-05");
        DateTime written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));
        Assert.False(folder.MergePartition("2024-05", new[] { point }).Changed);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(path));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_folder, ".*")));
    }

    [Fact]
    public void TheLockRefusesALiveRun_AndTakesOverOneWhoseProcessIsGone()
    {
        using (ArchiveLock first = ArchiveLock.Acquire(_folder))
        {
            Assert.Null(first.TakenOverFrom);
            var refused = Assert.Throws<ArchiveLockedException>(() => ArchiveLock.Acquire(_folder));
            Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", refused.Message);
        }
        Assert.False(File.Exists(Path.Combine(_folder, ArchiveLock.FileName)));

        // A process that has ended: start one, let it end, and leave a lock in its name.
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        File.WriteAllText(Path.Combine(_folder, ArchiveLock.FileName), $"pid={gone.Id}\nhost={Environment.MachineName}\nstarted=2024-01-01T00:00:00Z\n");
        using (ArchiveLock taken = ArchiveLock.Acquire(_folder))
            Assert.Contains($"process {gone.Id}", taken.TakenOverFrom);

        // Another host's lock cannot be checked from here: refused, with what to do.
        File.WriteAllText(Path.Combine(_folder, ArchiveLock.FileName), "pid=1\nhost=some-other-host\nstarted=2024-01-01T00:00:00Z\n");
        var other = Assert.Throws<ArchiveLockedException>(() => ArchiveLock.Acquire(_folder));
        Assert.Contains("some-other-host", other.Message);
        Assert.Contains("delete the lock file", other.Message);
    }
}
