using System.Security.Cryptography;
using System.Text;

namespace SoData.Sandbox;

public sealed class CorporateAccount
{
    public required int Index { get; init; }
    public required int Id { get; init; }
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public List<Customer> Customers { get; } = [];
    public List<Site> Sites { get; } = [];
    public List<Device> Devices { get; } = [];
}

public sealed class Customer
{
    public required int Index { get; init; }
    public required int Id { get; init; }
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public required CorporateAccount CorporateAccount { get; init; }
    public required Country Country { get; init; }
    public List<Site> Sites { get; } = [];
    public List<Device> Devices { get; } = [];
}

public sealed class Site
{
    public required int Index { get; init; }
    public required int Id { get; init; }
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public required string TechnicalName { get; init; }
    public required Country Country { get; init; }
    public required Customer Customer { get; init; }
    public List<Device> Devices { get; } = [];
}

public sealed class Device
{
    public required int Index { get; init; }
    public required int Id { get; init; }
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public required string TechnicalName { get; init; }
    public required string SerialNumber { get; init; }
    public required DeviceModel Model { get; init; }
    public required Site Site { get; init; }
    public Device? Gateway { get; init; }
    public bool IsGateway => Model.IsGateway;
    public string TimeZone => Site.Country.TimeZone;

    // Items and variables are derived on demand: a large fleet must start fast and hold no per-variable state.
    private IReadOnlyList<Item>? _items;
    private IReadOnlyList<Variable>? _variables;
    public IReadOnlyList<Item> Items(Fleet fleet) => _items ??= fleet.BuildItems(this);
    public IReadOnlyList<Variable> Variables(Fleet fleet) => _variables ??= fleet.BuildVariables(this);
}

public sealed record Item(int Id, string Uuid, Device Device, string ItemType, string ItemIndex, string Name);

public sealed record Variable(string Uuid, Device Device, Item Item, ServiceDef Service, int DatahubId)
{
    public string StreamRef => $"{Item.ItemType}|{Item.ItemIndex}|{Service.ServiceId}";
}

public sealed record Country(string Code, string Name, string TimeZone, string City, string PostCode, double Longitude, double Latitude);

public sealed record DeviceModel(string ModelName, string NamePrefix, string TechnicalPrefix, string DeviceTypeUuid,
    string DeviceTypeReferenceId, string NomPowerKva, bool IsGateway = false);

/// <summary>A service a variable points to. Unit and type drive the shape of generated values.</summary>
public sealed record ServiceDef(string ItemType, int ItemIndex, string ServiceId, string ServiceName, string TitleEn,
    string TitleFr, string? Unit, string ServiceType, string ServiceGroup);

/// <summary>
/// The whole fleet, generated once from the seed. Uuids are hashes of seed + path, so the same seed gives the
/// same uuids on every run and every machine. Only the hierarchy is materialised (cheap even for 10,000 devices).
/// </summary>
public sealed class Fleet
{
    private readonly SandboxOptions _options;
    public List<CorporateAccount> CorporateAccounts { get; } = [];
    private readonly Dictionary<string, CorporateAccount> _cas = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Customer> _customers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Site> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Device> _devices = new(StringComparer.OrdinalIgnoreCase);

    public Fleet(SandboxOptions options)
    {
        _options = options;
        int customerId = 7, siteId = 11, deviceId = 161, productSerial = 0, gatewaySerial = 0;
        for (var a = 0; a < options.CorporateAccounts; a++)
        {
            var ca = new CorporateAccount
            {
                Index = a, Id = a + 3, Uuid = Uuid($"ca/{a}"),
                Name = a < CaNames.Length ? CaNames[a] : $"Corporate Account {a + 1}",
            };
            CorporateAccounts.Add(ca);
            _cas[ca.Uuid] = ca;
            for (var c = 0; c < options.Customers; c++)
            {
                var country = Countries[(a + c) % Countries.Length];
                var customer = new Customer
                {
                    Index = c, Id = customerId++, Uuid = Uuid($"ca/{a}/customer/{c}"), CorporateAccount = ca, Country = country,
                    Name = a == 0 && c == 0 ? "FR_Socomec" : $"Customer {c + 1}",
                };
                ca.Customers.Add(customer);
                _customers[customer.Uuid] = customer;
                for (var s = 0; s < options.Sites; s++)
                {
                    var siteCountry = Countries[(a + c + s) % Countries.Length];
                    var first = a == 0 && c == 0 && s == 0;
                    var site = new Site
                    {
                        Index = s, Id = siteId++, Uuid = Uuid($"ca/{a}/customer/{c}/site/{s}"), Customer = customer,
                        Country = first ? Countries[0] : siteCountry,
                        Name = first ? "(FR) Benfeld CDS" : $"({siteCountry.Code}) Site {s + 1}",
                        TechnicalName = first ? "FR_Benfeld_CDS" : $"{siteCountry.Code}_SITE_{customer.Id}_{s + 1}",
                    };
                    customer.Sites.Add(site);
                    ca.Sites.Add(site);
                    _sites[site.Uuid] = site;

                    // A site with two or more devices has an IoT gateway first and products linked to it; a lone
                    // device is a product without gateway (the guide says the gateway is not mandatory).
                    Device? gateway = null;
                    for (var d = 0; d < options.Devices; d++)
                    {
                        var path = $"ca/{a}/customer/{c}/site/{s}/device/{d}";
                        Device device;
                        if (d == 0 && options.Devices >= 2)
                        {
                            var serial = $"GW{210000000 + gatewaySerial++}";
                            device = gateway = new Device
                            {
                                Index = d, Id = deviceId++, Uuid = Uuid(path), Site = site, Model = Gateway,
                                Name = "IoT Gateway", TechnicalName = $"GATEWAY_{site.TechnicalName}".ToUpperInvariant(),
                                SerialNumber = serial,
                            };
                        }
                        else if (first && d == (options.Devices >= 2 ? 1 : 0))
                        {
                            device = new Device
                            {
                                Index = d, Id = deviceId++, Uuid = Uuid(path), Site = site, Model = Models[1],
                                Gateway = gateway, Name = "Delphys GP2 - 160 kVA", TechnicalName = "DELPHYS_GP2_CDS",
                                SerialNumber = "1D15350041",
                            };
                            productSerial++;
                        }
                        else
                        {
                            var model = Models[(int)(Hash(path) % (ulong)Models.Length)];
                            var serial = $"P{486271000 + productSerial++}";
                            device = new Device
                            {
                                Index = d, Id = deviceId++, Uuid = Uuid(path), Site = site, Model = model, Gateway = gateway,
                                Name = $"{model.NamePrefix} {serial[^4..]}", TechnicalName = $"{model.TechnicalPrefix}_{serial}",
                                SerialNumber = serial,
                            };
                        }
                        site.Devices.Add(device);
                        customer.Devices.Add(device);
                        ca.Devices.Add(device);
                        _devices[device.Uuid] = device;
                    }
                }
            }
        }
    }

    public int Seed => _options.Seed;

    public CorporateAccount? FindCa(string uuid) => _cas.GetValueOrDefault(uuid);

    // Lookups are scoped to the corporate account: an object of another CA is "not found", as for a user without access.
    public Customer? FindCustomer(CorporateAccount ca, string uuid) =>
        _customers.TryGetValue(uuid, out var c) && c.CorporateAccount == ca ? c : null;

    public Site? FindSite(CorporateAccount ca, string uuid) =>
        _sites.TryGetValue(uuid, out var s) && s.Customer.CorporateAccount == ca ? s : null;

    public Device? FindDevice(CorporateAccount ca, string uuid) =>
        _devices.TryGetValue(uuid, out var d) && d.Site.Customer.CorporateAccount == ca ? d : null;

    /// <summary>Global|0 plus two Unit items (index 0 = "Unit 1", index 1 = "Unit 2", as the guide numbers them).</summary>
    public IReadOnlyList<Item> BuildItems(Device device)
    {
        var unitCount = Math.Max(2, Catalog(_options.Variables).Where(s => s.ItemType == "Unit").Select(s => s.ItemIndex).DefaultIfEmpty(0).Max() + 1);
        var items = new List<Item> { new(device.Id * 100, Uuid($"device/{device.Uuid}/item/Global/0"), device, "Global", "0", "Global") };
        for (var u = 0; u < unitCount; u++)
            items.Add(new(device.Id * 100 + 1 + u, Uuid($"device/{device.Uuid}/item/Unit/{u}"), device, "Unit",
                u.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Unit {u + 1}"));
        return items;
    }

    public IReadOnlyList<Variable> BuildVariables(Device device)
    {
        var items = device.Items(this);
        var list = new List<Variable>();
        foreach (var s in Catalog(_options.Variables))
        {
            var item = items.First(i => i.ItemType == s.ItemType && i.ItemIndex == s.ItemIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var path = $"device/{device.Uuid}/variable/{s.ItemType}|{s.ItemIndex}|{s.ServiceId}";
            list.Add(new Variable(Uuid(path), device, item, s, 3_000_000 + (int)(Hash(path) % 1_000_000)));
        }
        return list;
    }

    /// <summary>The first <paramref name="count"/> services: a fixed UPS catalogue, then generic counters if more are asked.</summary>
    public static IEnumerable<ServiceDef> Catalog(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i < Services.Length)
            {
                yield return Services[i];
                continue;
            }
            var n = i - Services.Length + 1;
            var id = (149000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new ServiceDef("Global", 0, id, $"IUpsStatistic_Counter{n}", $"Ups statistic counter {n}",
                $"Compteur statistique ASI {n}", null, "Measure", "Statistic");
        }
    }

    public string Uuid(string path) => DeterministicUuid($"{_options.Seed}/{path}");

    public static string DeterministicUuid(string key)
    {
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), b);
        b[6] = (byte)((b[6] & 0x0F) | 0x40); // version 4 layout so it looks like the API's random uuids
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(b[..16]);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    /// <summary>Stable 64-bit FNV-1a (string.GetHashCode is randomised per process).</summary>
    public static ulong Hash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in s)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        return Mix(h);
    }

    /// <summary>SplitMix64 finaliser: spreads bits so neighbouring inputs give unrelated outputs.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static readonly string[] CaNames = ["SoLink", "Socomec Services", "Datacenter Partners", "Energy Monitoring", "Retail Group"];

    public static readonly Country[] Countries =
    [
        new("FR", "France", "Europe/Paris", "Benfeld", "67230", 7.59328, 48.3729),
        new("DE", "Germany", "Europe/Berlin", "Karlsruhe", "76131", 8.4037, 49.0069),
        new("IT", "Italy", "Europe/Rome", "Milano", "20121", 9.19, 45.4642),
        new("ES", "Spain", "Europe/Madrid", "Madrid", "28001", -3.7038, 40.4168),
        new("GB", "United Kingdom", "Europe/London", "Manchester", "M1 1AE", -2.2426, 53.4808),
        new("US", "United States", "America/New_York", "New York", "10001", -74.006, 40.7128),
        new("IN", "India", "Asia/Kolkata", "Chennai", "600001", 80.2707, 13.0827),
    ];

    private static readonly DeviceModel Gateway =
        new("IoT Gateway", "IoT Gateway", "GATEWAY", "0b7d9a3e-7b64-11eb-b6f0-aa0fc901eabd", "9001", "0", IsGateway: true);

    private static readonly DeviceModel[] Models =
    [
        new("Masterys", "Masterys", "MASTERYS", "df14206d-7b64-11eb-b6f0-aa0fc901eabd", "9204", "20000"),
        new("Delphys", "Delphys GP2", "DELPHYS", "e3a1c6f0-7b64-11eb-b6f0-aa0fc901eabd", "9210", "160000"),
        new("Diris", "Diris A40", "DIRIS", "f2b8d4a1-7b64-11eb-b6f0-aa0fc901eabd", "4820", "0"),
        new("Netys", "Netys RT", "NETYS", "a7c3e5b2-7b64-11eb-b6f0-aa0fc901eabd", "9105", "3000"),
    ];

    // The first seven are always present (--variables >= 7): they include Global|0|140100 and Unit|1|140108.
    private static readonly ServiceDef[] Services =
    [
        new("Global", 0, "140100", "IUpsOutput_Lr", "Ups output global load rate", "Taux de charge global sortie ASI", "PERCENT", "Measure", "Output"),
        new("Global", 0, "140108", "IUpsOutput_I3", "Ups output current L3", "Courant de sortie ASI L3", "AMPERE", "Measure", "Output"),
        new("Global", 0, "140110", "IUpsOutput_V1", "Ups output voltage L1", "Tension de sortie ASI L1", "VOLT", "Measure", "Output"),
        new("Global", 0, "140120", "IUpsOutput_P", "Ups output active power", "Puissance active de sortie ASI", "WATT", "Measure", "Output"),
        new("Unit", 0, "140108", "IUnitOutput_I3", "Unit output current L3", "Courant de sortie unité L3", "AMPERE", "Measure", "Output"),
        new("Unit", 1, "140108", "IUnitOutput_I3", "Unit output current L3", "Courant de sortie unité L3", "AMPERE", "Measure", "Output"),
        new("Global", 0, "141935", "IUpsStatistic_OverLoadMore5s_Delta", "Ups overload more than 5s Delta", "Surcharge ASI supérieure à 5s (delta)", null, "Measure", "Output"),
        new("Global", 0, "150001", "IUpsAlarm_General", "Ups general alarm", "Alarme générale ASI", null, "Alarm", "Alarm"),
        new("Global", 0, "150200", "IUpsStatus_OnBattery", "Ups on battery", "ASI sur batterie", null, "Status", "Status"),
        new("Global", 0, "140200", "IUpsBattery_Temp", "Battery temperature", "Température batterie", "CELSIUS", "Measure", "Battery"),
        new("Unit", 0, "140100", "IUnitOutput_Lr", "Unit output load rate", "Taux de charge sortie unité", "PERCENT", "Measure", "Output"),
        new("Unit", 1, "140100", "IUnitOutput_Lr", "Unit output load rate", "Taux de charge sortie unité", "PERCENT", "Measure", "Output"),
        new("Global", 0, "140201", "IUpsBattery_Charge", "Battery charge", "Charge batterie", "PERCENT", "Measure", "Battery"),
        new("Global", 0, "140130", "IUpsOutput_F", "Ups output frequency", "Fréquence de sortie ASI", "HERTZ", "Measure", "Output"),
        new("Global", 0, "140300", "IUpsInput_V1", "Ups input voltage L1", "Tension d'entrée ASI L1", "VOLT", "Measure", "Input"),
        new("Global", 0, "140106", "IUpsOutput_I1", "Ups output current L1", "Courant de sortie ASI L1", "AMPERE", "Measure", "Output"),
    ];
}
