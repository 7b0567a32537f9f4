using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SoData.Loading;
using SoData.Tests.Support;
using Xunit;

namespace SoData.Tests.Loading;

/// <summary>
/// Windows PowerShell 5.1, statically: every assembly the built module ships (out/SoData, whatever it holds) is read
/// with System.Reflection.Metadata, and each of its references is bound as the .NET Framework would bind it when
/// Import-Module has loaded SoData.dll with LoadFrom: an in-box assembly of .NET Framework 4.7.2 (its reference
/// assemblies) when the version requested is not above the in-box one (unification); else the file beside the
/// referencing one with exactly that identity (LoadFrom probing); else, when SoData.dll has a module initializer that
/// registers it, the module's resolver rule. Then every type it references must exist where that reference bound,
/// following type forwards. System.Management.Automation is PowerShell's (3.0.0.0 in the GAC).
/// </summary>
public class NetFrameworkBindingTests
{
    private const string InitializerInterface = "System.Management.Automation.IModuleAssemblyInitializer";

    /// <summary>
    /// References that exist only on .NET Core, and why .NET Framework never binds them: SoData.dll names
    /// AssemblyLoadContext in IsolatedLoadContext only, which RetryPolicyLoader reaches through a NoInlining method that
    /// runs only where the core library has load contexts (the Mono host test runs the module without it).
    /// </summary>
    private static readonly Dictionary<string, string> NetCoreOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Runtime.Loader"] = "SoData.dll",
    };

    [Fact]
    public void EveryReferenceOfEveryShippedAssemblyBindsAndEveryTypeResolvesOnTheNetFramework()
    {
        var world = new FrameworkWorld(ModuleFolder());
        Assert.True(world.Shipped.Count >= 2, $"{world.ModuleFolder} holds {world.Shipped.Count} assemblies: is the module built?");

        var problems = new List<string>();
        if (!world.ResolverRegistered)
            problems.Add($"SoData.dll has no {InitializerInterface}: no resolver is registered at import, so only exact versions bind.");
        foreach (var assembly in world.Shipped)
        {
            foreach (var reference in assembly.References)
            {
                if (NetCoreOnly.TryGetValue(reference.Name!, out var onlyFrom) && assembly.RelativePath == onlyFrom) continue;
                var bound = world.Bind(reference, assembly);
                if (bound == null) problems.Add($"{assembly.RelativePath}: {reference.FullName} does not bind ({world.Describe(reference)}).");
            }
            foreach (var (ns, name, scope) in assembly.TypeReferences())
            {
                if (NetCoreOnly.TryGetValue(scope.Name!, out var onlyFrom) && assembly.RelativePath == onlyFrom) continue;
                string? missing = world.ResolveType(assembly, ns, name, scope);
                if (missing != null) problems.Add($"{assembly.RelativePath}: type {Join(ns, name)} does not resolve: {missing}.");
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) loading {world.ModuleFolder} on .NET Framework 4.7.2:\n" + string.Join("\n", problems.Distinct()));
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>The built module: SODATA_MODULE_PATH's folder (as build.ps1 Test sets it), else out/SoData.</summary>
    private static string ModuleFolder()
    {
        string? manifest = Environment.GetEnvironmentVariable("SODATA_MODULE_PATH");
        string folder = !string.IsNullOrEmpty(manifest) ? Path.GetDirectoryName(Path.GetFullPath(manifest))! : Path.Combine(SandboxServer.RepoRoot(), "out", "SoData");
        Assert.True(File.Exists(Path.Combine(folder, "SoData.dll")), $"{folder}/SoData.dll is missing: run ./build.ps1 Build first.");
        return folder;
    }

    internal static string PackageRoot() => Metadata("NuGetPackageRoot");

    /// <summary>What SoData.Tests.csproj wrote into this assembly: the NuGet cache, and package versions from Directory.Packages.props.</summary>
    private static string Metadata(string key) =>
        typeof(NetFrameworkBindingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>One assembly file's identity, references and types.</summary>
    private sealed class AssemblyFile
    {
        private readonly MetadataReader _reader;

        private AssemblyFile(string path, string relativePath, PEReader pe)
        {
            Path = path;
            RelativePath = relativePath;
            _reader = pe.GetMetadataReader();
            Identity = _reader.GetAssemblyDefinition().GetAssemblyName();
            References = _reader.AssemblyReferences.Select(h => _reader.GetAssemblyReference(h).GetAssemblyName()).ToList();
            Defined = new HashSet<(string, string)>(_reader.TypeDefinitions.Select(h => _reader.GetTypeDefinition(h)).Where(t => t.GetDeclaringType().IsNil)
                .Select(t => (_reader.GetString(t.Namespace), _reader.GetString(t.Name))));
        }

        public string Path { get; }
        public string RelativePath { get; }
        public string Directory => System.IO.Path.GetDirectoryName(Path)!;
        public AssemblyName Identity { get; }
        public List<AssemblyName> References { get; }

        /// <summary>Top-level types defined here, by (namespace, name).</summary>
        private HashSet<(string, string)> Defined { get; }

        public static AssemblyFile? Open(string path, string root)
        {
            var pe = new PEReader(File.OpenRead(path));
            if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
            {
                pe.Dispose();
                return null;
            }
            return new AssemblyFile(path, System.IO.Path.GetRelativePath(root, path), pe);
        }

        public bool Defines(string ns, string name) => Defined.Contains((ns, name));

        /// <summary>Where a type forward of this assembly sends (ns, name), or null when it has none.</summary>
        public AssemblyName? ForwardOf(string ns, string name)
        {
            foreach (var handle in _reader.ExportedTypes)
            {
                var exported = _reader.GetExportedType(handle);
                if (_reader.GetString(exported.Namespace) != ns || _reader.GetString(exported.Name) != name) continue;
                if (exported.Implementation.Kind == HandleKind.AssemblyReference)
                    return _reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).GetAssemblyName();
            }
            return null;
        }

        /// <summary>Each referenced top-level type as (namespace, name, the reference it is expected in); nested types as their outermost one.</summary>
        public IEnumerable<(string Namespace, string Name, AssemblyName Scope)> TypeReferences()
        {
            foreach (var handle in _reader.TypeReferences)
            {
                var type = _reader.GetTypeReference(handle);
                var outer = type;
                while (outer.ResolutionScope.Kind == HandleKind.TypeReference) outer = _reader.GetTypeReference((TypeReferenceHandle)outer.ResolutionScope);
                if (outer.ResolutionScope.Kind != HandleKind.AssemblyReference) continue; // this module's own types
                var scope = _reader.GetAssemblyReference((AssemblyReferenceHandle)outer.ResolutionScope).GetAssemblyName();
                yield return (_reader.GetString(outer.Namespace), _reader.GetString(outer.Name), scope);
            }
        }
    }

    /// <summary>The .NET Framework 4.7.2 in-box set, PowerShell's System.Management.Automation, and the module's files.</summary>
    private sealed class FrameworkWorld
    {
        private readonly Dictionary<string, AssemblyFile> _inBox = new(StringComparer.OrdinalIgnoreCase);
        private readonly ShippedAssemblies _resolverRule;

        public FrameworkWorld(string moduleFolder)
        {
            ModuleFolder = moduleFolder;
            string packages = PackageRoot();
            string net472 = System.IO.Path.Combine(packages, "microsoft.netframework.referenceassemblies.net472", Metadata("NetFrameworkReferenceAssembliesVersion"), "build", ".NETFramework", "v4.7.2");
            Assert.True(Directory.Exists(net472), $"{net472} is missing: it is restored with tests/SoData.Tests (PackageDownload).");
            var gac = Directory.GetFiles(net472, "*.dll").Concat(Directory.GetFiles(System.IO.Path.Combine(net472, "Facades"), "*.dll"))
                .Append(System.IO.Path.Combine(packages, "powershellstandard.library", Metadata("PowerShellStandardLibraryVersion"), "lib", "net452", "System.Management.Automation.dll"));
            foreach (string path in gac)
            {
                var file = AssemblyFile.Open(path, net472);
                if (file != null) _inBox[file.Identity.Name!] = file;
            }
            Shipped = Directory.GetFiles(moduleFolder, "*.dll", SearchOption.AllDirectories)
                .Select(path => AssemblyFile.Open(path, moduleFolder)).OfType<AssemblyFile>().ToList();
            _resolverRule = ShippedAssemblies.OfModule(moduleFolder);
            var soData = Shipped.SingleOrDefault(a => a.RelativePath == "SoData.dll");
            ResolverRegistered = soData != null && ImplementsInitializer(soData.Path);
        }

        public string ModuleFolder { get; }
        public List<AssemblyFile> Shipped { get; }
        public bool ResolverRegistered { get; }

        /// <summary>The assembly <paramref name="reference"/> of <paramref name="from"/> binds to, or null when it does not bind.</summary>
        public AssemblyFile? Bind(AssemblyName reference, AssemblyFile from)
        {
            // In-box: the framework unifies a request up to its own version (and its assemblies refer to each other freely).
            if (_inBox.TryGetValue(reference.Name!, out var inBox) && SameToken(inBox.Identity, reference) &&
                (inBox.Identity.Version >= reference.Version || _inBox.ContainsKey(from.Identity.Name!)))
                return inBox;
            // LoadFrom probing beside the referencing file: a strong name must match exactly.
            var beside = Shipped.FirstOrDefault(a => a.Directory == from.Directory && string.Equals(a.Identity.Name, reference.Name, StringComparison.OrdinalIgnoreCase));
            if (beside != null && SameToken(beside.Identity, reference) && (Token(reference).Length == 0 || beside.Identity.Version == reference.Version))
                return beside;
            // The module's resolver (ShippedAssemblies, the code SoData.dll runs): same name and token, never a downgrade.
            if (!ResolverRegistered) return null;
            var resolved = _resolverRule.Find(reference);
            return resolved == null ? null : Shipped.Single(a => a.Path == System.IO.Path.GetFullPath(resolved.Path));
        }

        /// <summary>Null when the type is found (following forwards), else why not.</summary>
        public string? ResolveType(AssemblyFile from, string ns, string name, AssemblyName scope)
        {
            var assembly = Bind(scope, from);
            for (int hops = 0; hops < 8; hops++)
            {
                if (assembly == null) return $"{scope.FullName} does not bind";
                if (assembly.Defines(ns, name)) return null;
                var forward = assembly.ForwardOf(ns, name);
                if (forward == null) return $"not in {assembly.RelativePath} ({assembly.Identity.Version})";
                scope = forward;
                assembly = Bind(forward, assembly);
            }
            return "type forwards loop";
        }

        public string Describe(AssemblyName reference)
        {
            var shipped = Shipped.Where(a => string.Equals(a.Identity.Name, reference.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            string ships = shipped.Count == 0 ? "not shipped" : "ships " + string.Join(", ", shipped.Select(a => $"{a.Identity.Version} in {a.RelativePath}"));
            return _inBox.TryGetValue(reference.Name!, out var inBox) ? $"{ships}; .NET Framework 4.7.2 has {inBox.Identity.Version}" : ships;
        }

        private static bool ImplementsInitializer(string path)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var reader = pe.GetMetadataReader();
            return reader.TypeDefinitions.Select(reader.GetTypeDefinition).SelectMany(t => t.GetInterfaceImplementations())
                .Select(h => reader.GetInterfaceImplementation(h).Interface)
                .Where(h => h.Kind == HandleKind.TypeReference)
                .Select(h => reader.GetTypeReference((TypeReferenceHandle)h))
                .Any(t => reader.GetString(t.Namespace) + "." + reader.GetString(t.Name) == InitializerInterface);
        }

        private static byte[] Token(AssemblyName name) => name.GetPublicKeyToken() ?? [];

        private static bool SameToken(AssemblyName a, AssemblyName b) => Token(a).SequenceEqual(Token(b));
    }
}
