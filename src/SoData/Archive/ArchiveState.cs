using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SoData.Archive
{
    /// <summary>The settings an archive keeps for life: every run must ask for the same, or its files would mix shapes.</summary>
    internal sealed class ArchiveSettings
    {
        public Granularity Granularity { get; set; } = Granularity.Raw;

        /// <summary>Null with Raw.</summary>
        public Aggregation? Aggregation { get; set; }

        /// <summary>The IANA id the partitions are cut in and the timestamps written at (with <see cref="UseDeviceLocalTimezone"/>, only the state's own times).</summary>
        public string TimeZone { get; set; } = "UTC";

        /// <summary>
        /// True when each series follows its device's own zone (recorded per series, see <see cref="ArchiveSeriesState.TimeZone"/>)
        /// instead of <see cref="TimeZone"/>: its partitions, time steps and timestamps.
        /// </summary>
        public bool UseDeviceLocalTimezone { get; set; }

        /// <summary>The calendar the partitions are cut on, as a user would give it: "-TimeZone Europe/Paris" or "-UseDeviceLocalTimezone".</summary>
        public string Calendar => UseDeviceLocalTimezone ? "-UseDeviceLocalTimezone" : "-TimeZone " + TimeZone;

        public ArchivePartition Partition { get; set; } = ArchivePartition.Month;

        /// <summary>Csv or Xlsx.</summary>
        public string Format { get; set; } = "Csv";

        /// <summary>Each setting that differs: its parameter name, the archive's value and the asked one.</summary>
        public IEnumerable<(string Parameter, string Archived, string Asked)> Differences(ArchiveSettings asked)
        {
            if (Granularity != asked.Granularity) yield return ("-Granularity", Granularity.ToString(), asked.Granularity.ToString());
            if (Aggregation != asked.Aggregation) yield return ("-Aggregation", Aggregation?.ToString() ?? "none (Raw)", asked.Aggregation?.ToString() ?? "none (Raw)");
            if (UseDeviceLocalTimezone != asked.UseDeviceLocalTimezone) yield return ("-UseDeviceLocalTimezone", Calendar, asked.Calendar);
            else if (!UseDeviceLocalTimezone && !string.Equals(TimeZone, asked.TimeZone, StringComparison.OrdinalIgnoreCase)) yield return ("-TimeZone", TimeZone, asked.TimeZone);
            if (Partition != asked.Partition) yield return ("-Partition", Partition.ToString(), asked.Partition.ToString());
            if (!string.Equals(Format, asked.Format, StringComparison.OrdinalIgnoreCase)) yield return ("-Format", Format, asked.Format);
        }
    }

    /// <summary>Where one series of the archive stands.</summary>
    internal sealed class ArchiveSeriesState
    {
        public string CorporateAccountUuid { get; set; } = string.Empty;
        public string DeviceUuid { get; set; } = string.Empty;
        public string? DeviceName { get; set; }

        /// <summary>The mapping config Item|Index|ServiceId.</summary>
        public string StreamRef { get; set; } = string.Empty;

        /// <summary>The end of the last window read in full: the next run reads from here minus the lookback.</summary>
        public DateTimeOffset Bookmark { get; set; }

        /// <summary>The timestamp of the series' latest point in the archive; null when it has none.</summary>
        public DateTimeOffset? LastPoint { get; set; }

        /// <summary>
        /// In an archive on the devices' own calendars: the IANA id of the zone the series was first archived in (its
        /// device's). The series keeps it for life, so each of its points always lands in the same partition even if the
        /// device's zone changes later. Null in an archive on one -TimeZone.
        /// </summary>
        public string? TimeZone { get; set; }

        /// <summary>Identifies the series regardless of letter case, as the datapoints planner does.</summary>
        public string Key => KeyOf(CorporateAccountUuid, DeviceUuid, StreamRef);

        public static string KeyOf(string corporateAccountUuid, string deviceUuid, string streamRef) =>
            $"{corporateAccountUuid}/{deviceUuid}/{streamRef}".ToLowerInvariant();
    }

    /// <summary>
    /// The state file of an archive folder: human-readable, versioned JSON with the archive's settings and, per series,
    /// its bookmark and last point. It is written last in a run, through a temporary file renamed over the old one, so
    /// it only ever says what the partitions already hold.
    /// </summary>
    internal sealed class ArchiveState
    {
        public const string FileName = "sodata-archive.json";
        /// <summary>
        /// The newest version this module reads. Version 2 is written only for an archive on the devices' own calendars
        /// (-UseDeviceLocalTimezone), so that a module that knows only version 1 refuses it rather than cut it on one zone;
        /// every other archive stays version 1.
        /// </summary>
        public const int CurrentVersion = 2;
        private const string Kind = "SoData archive";

        public ArchiveSettings Settings { get; set; } = new ArchiveSettings();

        /// <summary>When the last run that completed ended.</summary>
        public DateTimeOffset? Updated { get; set; }

        public Dictionary<string, ArchiveSeriesState> Series { get; } = new Dictionary<string, ArchiveSeriesState>(StringComparer.Ordinal);

        /// <summary>Reads a state file. Throws InvalidDataException naming the file when it is not one this module can read.</summary>
        public static ArchiveState Read(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            try
            {
                using JsonDocument document = JsonDocument.Parse(bytes);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number)
                    throw new InvalidDataException($"'{path}' is not the state file of a SoData archive (no \"version\").");
                int number = version.GetInt32();
                if (number > CurrentVersion)
                    throw new InvalidDataException($"'{path}' is version {number} of the archive state; this SoData module reads versions 1 to {CurrentVersion}. Update the module.");
                if (number < 1)
                    throw new InvalidDataException($"'{path}' has an unknown state version {number}.");
                var state = new ArchiveState();
                JsonElement settings = Property(root, "settings", path);
                state.Settings = new ArchiveSettings
                {
                    Granularity = Enum<Granularity>(settings, "granularity", path),
                    Aggregation = settings.TryGetProperty("aggregation", out JsonElement a) && a.ValueKind == JsonValueKind.String ? Enum<Aggregation>(settings, "aggregation", path) : (Aggregation?)null,
                    TimeZone = Text(settings, "timeZone", path),
                    UseDeviceLocalTimezone = settings.TryGetProperty("useDeviceLocalTimezone", out JsonElement local) && local.ValueKind == JsonValueKind.True,
                    Partition = Enum<ArchivePartition>(settings, "partition", path),
                    Format = Text(settings, "format", path),
                };
                if (root.TryGetProperty("updated", out JsonElement updated) && updated.ValueKind == JsonValueKind.String) state.Updated = Time(updated, "updated", path);
                foreach (JsonElement s in Property(root, "series", path).EnumerateArray())
                {
                    var series = new ArchiveSeriesState
                    {
                        CorporateAccountUuid = Text(s, "corporateAccountUuid", path),
                        DeviceUuid = Text(s, "deviceUuid", path),
                        DeviceName = s.TryGetProperty("deviceName", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null,
                        StreamRef = Text(s, "streamRef", path),
                        Bookmark = Time(Property(s, "bookmark", path), "bookmark", path),
                        LastPoint = s.TryGetProperty("lastPoint", out JsonElement last) && last.ValueKind == JsonValueKind.String ? Time(last, "lastPoint", path) : (DateTimeOffset?)null,
                        TimeZone = s.TryGetProperty("timeZone", out JsonElement zone) && zone.ValueKind == JsonValueKind.String ? zone.GetString() : null,
                    };
                    if (state.Settings.UseDeviceLocalTimezone && series.TimeZone == null)
                        throw new InvalidDataException($"'{path}': the series {series.StreamRef} of device {series.DeviceUuid} has no \"timeZone\", which an archive on the devices' own calendars keeps for each series.");
                    state.Series[series.Key] = series;
                }
                return state;
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"'{path}' is not valid JSON: {ex.Message}", ex);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidDataException($"'{path}' is not the state file of a SoData archive: {ex.Message}", ex);
            }
        }

        /// <summary>The state as indented JSON, series in a stable order (device, then mapping config).</summary>
        public void Write(Stream stream)
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            json.WriteString("kind", Kind);
            json.WriteNumber("version", Settings.UseDeviceLocalTimezone ? 2 : 1);
            json.WriteStartObject("settings");
            json.WriteString("granularity", Settings.Granularity.ToString());
            if (Settings.Aggregation.HasValue) json.WriteString("aggregation", Settings.Aggregation.Value.ToString());
            else json.WriteNull("aggregation");
            json.WriteString("timeZone", Settings.TimeZone);
            if (Settings.UseDeviceLocalTimezone) json.WriteBoolean("useDeviceLocalTimezone", true);
            json.WriteString("partition", Settings.Partition.ToString());
            json.WriteString("format", Settings.Format);
            json.WriteEndObject();
            if (Updated.HasValue) json.WriteString("updated", TimeText(Updated.Value));
            json.WriteStartArray("series");
            foreach (ArchiveSeriesState s in Series.Values.OrderBy(s => s.DeviceUuid, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.StreamRef, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("corporateAccountUuid", s.CorporateAccountUuid);
                json.WriteString("deviceUuid", s.DeviceUuid);
                if (s.DeviceName != null) json.WriteString("deviceName", s.DeviceName);
                json.WriteString("streamRef", s.StreamRef);
                if (s.TimeZone != null) json.WriteString("timeZone", s.TimeZone);
                json.WriteString("bookmark", TimeText(s.Bookmark));
                if (s.LastPoint.HasValue) json.WriteString("lastPoint", TimeText(s.LastPoint.Value));
                else json.WriteNull("lastPoint");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
        }

        /// <summary>The state file's text (for tests and -Verbose).</summary>
        public string ToJson()
        {
            using var memory = new MemoryStream();
            Write(memory);
            return Encoding.UTF8.GetString(memory.ToArray());
        }

        private static string TimeText(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

        private static JsonElement Property(JsonElement obj, string name, string path) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
                ? value
                : throw new InvalidDataException($"'{path}' is not the state file of a SoData archive: \"{name}\" is missing.");

        private static string Text(JsonElement obj, string name, string path)
        {
            JsonElement value = Property(obj, name, path);
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidDataException($"'{path}': \"{name}\" must be a string.");
        }

        private static T Enum<T>(JsonElement obj, string name, string path) where T : struct =>
            System.Enum.TryParse(Text(obj, name, path), true, out T value) && System.Enum.IsDefined(typeof(T), value)
                ? value
                : throw new InvalidDataException($"'{path}': \"{name}\" has an unknown value '{Text(obj, name, path)}'.");

        private static DateTimeOffset Time(JsonElement value, string name, string path) =>
            value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset time)
                ? time
                : throw new InvalidDataException($"'{path}': \"{name}\" is not a time ({value}).");
    }
}
