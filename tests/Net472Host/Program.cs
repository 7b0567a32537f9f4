using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Management.Automation;
using SoData.Auth;
using SoData.Client;
using SoData.Archive;
using SoData.Output;
using SoData;

namespace Net472Host
{
    /// <summary>
    /// Windows PowerShell 5.1, as close as Linux allows: loads SoData.dll with LoadFrom, runs its module initializers as
    /// Import-Module does, then signs in and reads through the client against a sandbox. Prints one line per step,
    /// "PASS step" or "FAIL step: why", and exits with the number of failed steps.
    /// Usage: Net472Host.exe &lt;module folder&gt; &lt;sandbox url&gt;
    /// </summary>
    public static class Program
    {
        private static Assembly? _module;
        private static int _failures;

        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("Usage: Net472Host.exe <module folder> <sandbox url>");
                return 100;
            }
            string moduleFolder = Path.GetFullPath(args[0]);
            var url = new Uri(args[1]);
            Console.WriteLine($"Runtime: {RuntimeDescription()}");

            Step("import", () => Import(moduleFolder));
            if (_module == null) return _failures;
            Walk(url);
            return _failures;
        }

        /// <summary>What Import-Module does with a binary module: LoadFrom, then every IModuleAssemblyInitializer's OnImport.</summary>
        private static void Import(string moduleFolder)
        {
            Assembly module = Assembly.LoadFrom(Path.Combine(moduleFolder, "SoData.dll"));
            // This program's own references to SoData (PowerShell reaches the module by reflection instead) go to the
            // copy Import-Module loaded: this answers for SoData itself and nothing else.
            AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
                string.Equals(new AssemblyName(e.Name).Name, "SoData", StringComparison.OrdinalIgnoreCase) ? module : null;
            // As Windows PowerShell 5.1 analyses a binary module: its exported types (a load failure fails the import),
            // then OnImport of each public, non-abstract IModuleAssemblyInitializer among them.
            Type[] types = module.GetExportedTypes();
            var initializers = types.Where(t => (t.IsPublic || t.IsNestedPublic) && !t.IsAbstract && typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) && t != typeof(IModuleAssemblyInitializer)).ToList();
            foreach (Type type in initializers) ((IModuleAssemblyInitializer)Activator.CreateInstance(type, nonPublic: true)).OnImport();
            Console.WriteLine($"Imported {module.Location}; module initializers run: {string.Join(", ", initializers.Select(t => t.FullName))}");
            _module = module;
        }

        // Everything that names a SoData type lives below, in methods compiled only after the import step.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Walk(Uri url) => new Walkthrough(url).Run();

        private static void Step(string name, Action action)
        {
            try
            {
                action();
                Console.WriteLine($"PASS {name}");
            }
            catch (Exception ex)
            {
                _failures++;
                Console.WriteLine($"FAIL {name}: {Describe(ex)}");
            }
        }

        internal static void Step(string name, Func<Task> action) => Step(name, () => action().GetAwaiter().GetResult());

        private static string Describe(Exception ex)
        {
            var parts = new List<string>();
            for (Exception? e = ex; e != null && parts.Count < 5; e = e.InnerException)
                parts.Add($"{e.GetType().Name}: {e.Message.Replace(Environment.NewLine, " ")}");
            if (ex is ReflectionTypeLoadException load) parts.AddRange(load.LoaderExceptions.Take(3).Select(e => $"{e?.GetType().Name}: {e?.Message}"));
            return string.Join(" --> ", parts);
        }

        private static string RuntimeDescription()
        {
            Type? mono = Type.GetType("Mono.Runtime");
            string? version = mono?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null) as string;
            return version != null ? $"Mono {version}" : $".NET Framework {Environment.Version}";
        }

        /// <summary>The client steps, as Connect-SoData and the Get- cmdlets run them.</summary>
        private sealed class Walkthrough
        {
            private readonly Uri _url;
            private readonly HttpClient _plain = new HttpClient();
            private OidcTokenSource? _tokens;
            private SoDataClient? _client;
            private string? _ca;
            private List<Device>? _devices;

            public Walkthrough(Uri url) => _url = url;

            public void Run()
            {
                Step("password grant", PasswordGrantAsync);
                Step("refresh", RefreshAsync);
                Step("retried 503", Retried503Async);
                Step("paged listing", PagedListingAsync);
                Step("datapoints", DatapointsAsync);
                Step("8 requests in flight", EightInFlightAsync);
                Step("time zones", () => TimeZones());
                Step("encoding argument", () => EncodingArgument());
                Step("xlsx workbook", () => Workbook());
                Step("xlsx chart", () => WorkbookWithChart());
                Step("archive of two nights", ArchiveTwoNightsAsync);
                Step("archive on device calendars", ArchiveOnDeviceCalendarsAsync);
            }

            private SoDataClient Client => _client ?? throw new InvalidOperationException("No client: the password grant step failed.");

            private async Task PasswordGrantAsync()
            {
                var options = new SoDataClientOptions(_url) { RetryBaseDelay = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(60) };
                HttpClient http = SoDataClient.CreateHttpClient(options);
                var tokenClient = new OidcTokenClient(http, _url, "Socomec", "sodata-sandbox", Secure("sandbox-secret"));
                _tokens = new OidcTokenSource(tokenClient, "admin@sandbox.local", Secure("sandbox"));
                string token = await _tokens.GetAccessTokenAsync(null, CancellationToken.None);
                Expect(token.Length > 0 && _tokens.PasswordGrants == 1, $"one password grant and a token (grants: {_tokens.PasswordGrants})");
                _client = new SoDataClient(options, _tokens, http);
            }

            private async Task RefreshAsync()
            {
                OidcTokenSource tokens = _tokens ?? throw new InvalidOperationException("No token source: the password grant step failed.");
                string first = await tokens.GetAccessTokenAsync(null, CancellationToken.None);
                // As after a 401: the token in hand is refused, so the source renews it with the refresh token.
                string renewed = await tokens.GetAccessTokenAsync(first, CancellationToken.None);
                Expect(tokens.RefreshGrants == 1 && tokens.PasswordGrants == 1 && renewed != first,
                    $"one refresh grant and a new token (refresh grants {tokens.RefreshGrants}, password grants {tokens.PasswordGrants})");
                // The renewed token is accepted by the API.
                Page<CorporateAccount> accounts = await Client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None);
                Expect(accounts.Results.Count > 0, "corporate accounts with the renewed token");
                _ca = accounts.Results[0].Uuid;
            }

            private async Task Retried503Async()
            {
                long before = await FaultsAsync();
                Page<CorporateAccount> accounts = await Client.GetPageAsync<CorporateAccount>(Routes.CorporateAccounts, null, 0, 10, CancellationToken.None);
                long after = await FaultsAsync();
                Expect(accounts.Results.Count > 0 && after > before, $"the call answered 503 first and succeeded on retry (sandbox faults {before} -> {after})");
                _ca ??= accounts.Results[0].Uuid;
            }

            private async Task PagedListingAsync()
            {
                string ca = _ca ?? throw new InvalidOperationException("No corporate account: an earlier step failed.");
                var reader = new PagedReader<Device>((skip, take, token) => Client.GetPageAsync<Device>(Routes.Devices(ca), null, skip, take, token), pageSize: 2);
                _devices = await reader.ReadAllAsync(CancellationToken.None);
                Expect(_devices.Count > 2 && _devices.Count == reader.Total && _devices.Select(d => d.Uuid).Distinct().Count() == _devices.Count,
                    $"every device once, over pages of 2 ({_devices.Count} read, total {reader.Total})");
            }

            private async Task DatapointsAsync()
            {
                string ca = _ca ?? throw new InvalidOperationException("No corporate account: an earlier step failed.");
                Device device = _devices?.FirstOrDefault() ?? throw new InvalidOperationException("No device: the paged listing step failed.");
                Page<Variable> variables = await Client.GetPageAsync<Variable>(Routes.Variables(ca, device.Uuid!), null, 0, 1000, CancellationToken.None);
                string streamRef = variables.Results.Select(v => v.StreamRef).First(s => !string.IsNullOrEmpty(s))!;
                var from = new DateTimeOffset(2024, 3, 31, 0, 0, 0, TimeSpan.FromHours(1));
                var query = new DatapointsQuery { From = from, To = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(2)), Granularity = Granularity.Hour, Aggregation = Aggregation.Avg, TimeZone = "Europe/Paris" };
                var points = new List<DataPoint>();
                foreach (DatapointsChunk chunk in DatapointsPlanner.Plan(query, new[] { new DatapointsSeries(ca, device.Uuid!, SeriesRef.Parse(streamRef)) }))
                    points.AddRange(DatapointsApi.ReadPoints(query, chunk, await DatapointsApi.SendAsync(Client, query, chunk, CancellationToken.None)));
                // 31 March 2024 in Paris is 23 hours long (summer time starts).
                Expect(points.Count == 23 && points.All(p => p.Value != null), $"23 hourly averages of {streamRef} for 31 March 2024 in Europe/Paris (got {points.Count})");
            }

            private async Task EightInFlightAsync()
            {
                string ca = _ca ?? throw new InvalidOperationException("No corporate account: an earlier step failed.");
                List<Device> devices = _devices ?? throw new InvalidOperationException("No devices: the paged listing step failed.");
                Client.AllowConcurrentRequests(8);
                int limit = ServicePointManager.FindServicePoint(_url).ConnectionLimit;
                Expect(limit >= 8, $"the API host's connection limit raised to -ThrottleLimit 8 (it is {limit})");
                var calls = Enumerable.Range(0, 8).Select(i => devices[i % devices.Count])
                    .Select(d => Client.GetPageAsync<Variable>(Routes.Variables(ca, d.Uuid!), null, 0, 1000, CancellationToken.None)).ToList();
                Page<Variable>[] pages = await Task.WhenAll(calls);
                Expect(pages.All(p => p.Results.Count > 0), "8 concurrent variable listings, each answered");
            }

            private static Task TimeZones()
            {
                TimeZoneInfo? iana = DatapointsTimeZones.Find("Europe/Paris");
                TimeZoneInfo? windows = DatapointsTimeZones.Find("Romance Standard Time");
                var summer = new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.Zero);
                Expect(iana != null && windows != null && iana.GetUtcOffset(summer) == TimeSpan.FromHours(2) && windows.GetUtcOffset(summer) == TimeSpan.FromHours(2),
                    "Europe/Paris and Romance Standard Time both found, both UTC+2 in July");
                Expect(DatapointsTimeZones.CompletionIds().Contains("America/New_York"), "IANA ids offered for completion");
                return Task.CompletedTask;
            }

            // Export-SoDataDatapoint -Encoding on .NET Framework: PowerShell's names, code pages (built in there), an Encoding object, an unknown name refused.
            // Strings and numbers only: a PSObject of this host's System.Management.Automation (a stand-in) wraps nothing.
            private static Task EncodingArgument()
            {
                var transform = new SoData.Cmdlets.EncodingArgumentAttribute();
                System.Text.Encoding Take(object given) => transform.Transform(null!, given) as System.Text.Encoding
                    ?? throw new InvalidOperationException($"-Encoding {given} gave {transform.Transform(null!, given)?.GetType().FullName ?? "null"}");
                System.Text.Encoding bom = Take("utf8BOM"), noBom = Take("utf8"), windows1252 = Take(1252), ansi = Take("ansi");
                Expect(bom.GetPreamble().Length == 3 && noBom.GetPreamble().Length == 0, "utf8BOM with a BOM, utf8 without");
                Expect(windows1252.CodePage == 1252 && ansi.CodePage == System.Globalization.CultureInfo.CurrentCulture.TextInfo.ANSICodePage, "code page 1252 and the culture's ANSI code page");
                Expect(ReferenceEquals(transform.Transform(null!, System.Text.Encoding.UTF32), System.Text.Encoding.UTF32), "an Encoding object passes as it is");
                try
                {
                    transform.Transform(null!, "klingon");
                    Expect(false, "an unknown name is refused");
                }
                catch (ArgumentTransformationMetadataException)
                {
                    // Refused as PowerShell expects; the message is not checked here: this host's System.Management.Automation is
                    // PowerShellStandard's stand-in, whose exceptions keep no message (the xunit and cmdlet tests check it).
                }
                return Task.CompletedTask;
            }

            // Export-SoDataDatapoint -Path x.xlsx: SpreadCheetah and the newer System.Memory it needs, from Dependencies.
            private static Task Workbook()
            {
                var stream = new MemoryStream();
                using (var writer = new XlsxTableWriter(WorkbookSinks.Create(stream), DatapointsTimeZones.Find("Europe/Paris"), "Datapoints"))
                {
                    writer.WriteHeader(new[] { new TableColumn("Timestamp", CellKind.Time, 20), new TableColumn("Value", CellKind.Number, 12) });
                    for (int i = 0; i < 1000; i++)
                        writer.WriteRow(new[] { TableCell.Of(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i)), TableCell.Of(i * 0.5) });
                    writer.Complete();
                }
                byte[] bytes = stream.ToArray();
                Expect(bytes.Length > 1000 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', $"a zipped workbook of 1,000 rows ({bytes.Length} bytes)");
                return Task.CompletedTask;
            }

            // Export-SoDataDatapoint -Pivot -Chart: the Open XML SDK and System.IO.Packaging from Dependencies add a chart
            // sheet to the finished workbook (the workbook is reopened, so the stream is a file, as AtomicFile's is).
            private static Task WorkbookWithChart()
            {
                string path = Path.Combine(Path.GetTempPath(), "sodata-net472-" + Guid.NewGuid().ToString("N") + ".xlsx");
                try
                {
                    using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
                    using (var writer = new XlsxTableWriter(WorkbookSinks.Create(file), DatapointsTimeZones.Find("Europe/Paris"), new WorkbookOptions { Chart = true, ChartTitle = "Avg per hour", ZoneLabel = "Europe/Paris" }))
                    {
                        var load = new TableColumn("Ups / Load (PERCENT)", CellKind.Number, 12) { Unit = "PERCENT", IsMeasure = true };
                        writer.WriteHeader(new[] { new TableColumn("Timestamp", CellKind.Time, 20), load });
                        for (int i = 0; i < 24; i++)
                            writer.WriteRow(new[] { TableCell.Of(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i)), TableCell.Of(40 + i * 0.5) });
                        writer.Complete();
                    }
                    string zip = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path));
                    Expect(zip.Contains("/charts/chart1.xml") && zip.Contains("xl/chartsheets/") && zip.Contains("xl/tables/table1.xml"),
                        "a workbook with a table, a chart sheet and its chart part");
                }
                finally
                {
                    File.Delete(path);
                }
                return Task.CompletedTask;
            }

            // Sync-SoDataDatapoint's files on .NET Framework: two nights read through the client, merged into day
            // partitions (the second night rewrites a partition through File.Replace), the state written and read back,
            // under the archive's lock.
            private async Task ArchiveTwoNightsAsync()
            {
                string ca = _ca ?? throw new InvalidOperationException("No corporate account: an earlier step failed.");
                Device device = _devices?.FirstOrDefault() ?? throw new InvalidOperationException("No device: the paged listing step failed.");
                Page<Variable> variables = await Client.GetPageAsync<Variable>(Routes.Variables(ca, device.Uuid!), null, 0, 1000, CancellationToken.None);
                string streamRef = variables.Results.Select(v => v.StreamRef).First(s => !string.IsNullOrEmpty(s))!;
                var series = new DatapointsSeries(ca, device.Uuid!, SeriesRef.Parse(streamRef));
                TimeZoneInfo paris = DatapointsTimeZones.Find("Europe/Paris")!;
                string folderPath = Path.Combine(Path.GetTempPath(), "sodata-net472-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                var folder = new ArchiveFolder(folderPath, paris, null);
                Directory.CreateDirectory(folderPath);
                try
                {
                    // Night 1 ends on 31 March 2024 at 02:00 in Paris; night 2 re-reads a day before its bookmark (the lookback).
                    var nights = new[]
                    {
                        (From: new DateTimeOffset(2024, 3, 30, 0, 0, 0, TimeSpan.FromHours(1)), To: new DateTimeOffset(2024, 3, 31, 2, 0, 0, TimeSpan.FromHours(1))),
                        (From: new DateTimeOffset(2024, 3, 30, 2, 0, 0, TimeSpan.FromHours(1)), To: new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(2))),
                    };
                    long added = 0;
                    foreach (var night in nights)
                    {
                        using (ArchiveLock.Acquire(folderPath))
                        {
                            var query = new DatapointsQuery { From = night.From, To = night.To, TimeZone = "Europe/Paris" };
                            var points = new List<DataPoint>();
                            foreach (DatapointsChunk chunk in DatapointsPlanner.Plan(query, new[] { series }))
                                points.AddRange(DatapointsApi.ReadPoints(query, chunk, await DatapointsApi.SendAsync(Client, query, chunk, CancellationToken.None)));
                            foreach (IGrouping<string, DataPoint> partition in points.GroupBy(p => ArchivePartitions.Name(p.Timestamp, paris, ArchivePartition.Day)))
                                added += folder.MergePartition(partition.Key, ArchiveOrder.SortedUnique(partition)).Added;
                            var state = new ArchiveState { Settings = new ArchiveSettings { TimeZone = "Europe/Paris", Partition = ArchivePartition.Day } };
                            var known = new ArchiveSeriesState { CorporateAccountUuid = ca, DeviceUuid = device.Uuid!, StreamRef = streamRef, Bookmark = night.To };
                            state.Series[known.Key] = known;
                            folder.WriteState(state);
                        }
                    }
                    // 30 March (24 hours) and 31 March (23 hours: summer time starts) of 5-minute points, each once.
                    int rows = Directory.GetFiles(folderPath, "2024-03-*.csv").Sum(f => File.ReadAllLines(f).Length - 1);
                    Expect(added == 47 * 12 && rows == 47 * 12, $"{47 * 12} points added once over two nights (added {added}, rows {rows})");
                    Expect(ArchiveState.Read(folder.StatePath).Series.Values.Single().Bookmark == nights[1].To, "the state written last, read back with night 2's bookmark");
                    Expect(!Directory.GetFiles(folderPath, "*", SearchOption.AllDirectories).Any(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".lock", StringComparison.Ordinal)),
                        "no temporary or lock file left");
                }
                finally
                {
                    Directory.Delete(folderPath, true);
                }
            }

            // Sync-SoDataDatapoint -UseDeviceLocalTimezone's files on .NET Framework: two series, each read and cut on its own
            // calendar (a Paris device; another as if listed in New York), into the same day files, and the version 2
            // state that keeps each series' zone, written and read back.
            private async Task ArchiveOnDeviceCalendarsAsync()
            {
                string ca = _ca ?? throw new InvalidOperationException("No corporate account: an earlier step failed.");
                List<Device> devices = _devices ?? throw new InvalidOperationException("No devices: the paged listing step failed.");
                Expect(devices.Count >= 2 && devices[0].TimeZone == "Europe/Paris", $"two devices, the first in Europe/Paris (it is in {devices.FirstOrDefault()?.TimeZone})");
                string folderPath = Path.Combine(Path.GetTempPath(), "sodata-net472-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                var folder = new ArchiveFolder(folderPath, null, null);
                Directory.CreateDirectory(folderPath);
                try
                {
                    var state = new ArchiveState { Settings = new ArchiveSettings { UseDeviceLocalTimezone = true, Partition = ArchivePartition.Day } };
                    var to = new DateTimeOffset(2024, 11, 4, 12, 0, 0, TimeSpan.Zero);
                    foreach ((Device device, string zoneId) in new[] { (devices[0], devices[0].TimeZone!), (devices[1], "America/New_York") })
                    {
                        TimeZoneInfo zone = DatapointsTimeZones.Find(zoneId) ?? throw new InvalidOperationException($"{zoneId} is not known here.");
                        // -From 2024-11-02 without an offset: midnight on the device's own calendar.
                        var calendar = new ArchiveCalendar(DatapointsTimeZones.IanaId(zoneId), zone, DatapointsTime.WallClockToInstant(new DateTime(2024, 11, 2), zone), to);
                        Page<Variable> variables = await Client.GetPageAsync<Variable>(Routes.Variables(ca, device.Uuid!), null, 0, 1000, CancellationToken.None);
                        string streamRef = variables.Results.Select(v => v.StreamRef).First(r => !string.IsNullOrEmpty(r))!;
                        var query = new DatapointsQuery { From = calendar.NewSeriesFrom!.Value, To = calendar.To, TimeZone = calendar.ZoneId };
                        var points = new List<DataPoint>();
                        foreach (DatapointsChunk chunk in DatapointsPlanner.Plan(query, new[] { new DatapointsSeries(ca, device.Uuid!, SeriesRef.Parse(streamRef)) }))
                            points.AddRange(DatapointsApi.ReadPoints(query, chunk, await DatapointsApi.SendAsync(Client, query, chunk, CancellationToken.None)));
                        foreach (IGrouping<string, DataPoint> partition in points.GroupBy(p => ArchivePartitions.Name(p.Timestamp, calendar.Zone, ArchivePartition.Day)))
                            folder.MergePartition(partition.Key, ArchiveOrder.SortedUnique(partition));
                        var known = new ArchiveSeriesState { CorporateAccountUuid = ca, DeviceUuid = device.Uuid!, StreamRef = streamRef, Bookmark = calendar.InZone(to), TimeZone = calendar.ZoneId };
                        state.Series[known.Key] = known;
                    }
                    folder.WriteState(state);

                    // 3 November: 24 Paris hours (+01:00), 25 New York hours (-04:00, then -05:00), of 5-minute points, in one file.
                    string[] rows = File.ReadAllLines(Path.Combine(folderPath, "2024-11-03.csv")).Skip(1).ToArray();
                    int paris = rows.Count(r => r.Contains(devices[0].Uuid!)), newYork = rows.Count(r => r.Contains(devices[1].Uuid!));
                    Expect(paris == 24 * 12 && newYork == 25 * 12, $"each device's own 3 November in 2024-11-03.csv (Paris {paris} rows, New York {newYork})");
                    Expect(rows.Any(r => r.StartsWith("2024-11-03T00:00:00+01:00,", StringComparison.Ordinal)) && rows.Any(r => r.StartsWith("2024-11-03T00:00:00-04:00,", StringComparison.Ordinal)) &&
                           rows.Any(r => r.StartsWith("2024-11-03T23:55:00-05:00,", StringComparison.Ordinal)), "each device's midnight and last point at its own offset");
                    ArchiveState read = ArchiveState.Read(folder.StatePath);
                    Expect(File.ReadAllText(folder.StatePath).Contains("\"version\": 2") && read.Settings.UseDeviceLocalTimezone &&
                           read.Series.Values.Select(v => v.TimeZone).OrderBy(z => z, StringComparer.Ordinal).SequenceEqual(new[] { "America/New_York", "Europe/Paris" }),
                        "a version 2 state that keeps each series' zone, read back");
                }
                finally
                {
                    Directory.Delete(folderPath, true);
                }
            }

            private async Task<long> FaultsAsync()
            {
                string stats = await _plain.GetStringAsync(new Uri(_url, "_sandbox/stats"));
                Match match = Regex.Match(stats, "\"fault\"\\s*:\\s*(\\d+)");
                return match.Success ? long.Parse(match.Groups[1].Value) : throw new InvalidOperationException("No fault count in the sandbox stats: " + stats);
            }

            private static void Expect(bool condition, string what)
            {
                if (!condition) throw new InvalidOperationException("Expected " + what + ".");
            }

            private static SecureString Secure(string text)
            {
                var secure = new SecureString();
                foreach (char c in text) secure.AppendChar(c);
                secure.MakeReadOnly();
                return secure;
            }
        }
    }
}
