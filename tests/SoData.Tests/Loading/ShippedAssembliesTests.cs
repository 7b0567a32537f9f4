using System.Reflection;
using SoData.Loading;
using Xunit;

namespace SoData.Tests.Loading;

/// <summary>The Windows PowerShell 5.1 resolver's rule: the module's own files, same token, never a downgrade.</summary>
public class ShippedAssembliesTests
{
    private const string Module = "/modules/SoData";
    private static readonly string Dependencies = Path.Combine(Module, "Dependencies");
    private const string MicrosoftToken = "cc7b13ffcd2ddd51";

    private static readonly Dictionary<string, AssemblyName> Files = new()
    {
        [Path.Combine(Module, "System.Runtime.CompilerServices.Unsafe.dll")] = Name("System.Runtime.CompilerServices.Unsafe", "6.0.0.0", "b03f5f7f11d50a3a"),
        [Path.Combine(Module, "SoData.dll")] = Name("SoData", "0.1.0.0", null),
        [Path.Combine(Dependencies, "Microsoft.Bcl.TimeProvider.dll")] = Name("Microsoft.Bcl.TimeProvider", "8.0.0.1", MicrosoftToken),
    };

    private static readonly ShippedAssemblies Shipped = new([Module, Dependencies], path => Files.TryGetValue(path, out var name) ? name : null);

    private static AssemblyName Name(string name, string version, string? token)
    {
        var identity = new AssemblyName($"{name}, Version={version}, Culture=neutral, PublicKeyToken={token ?? "null"}");
        return identity;
    }

    [Fact]
    public void AnOlderVersionIsAnsweredWithTheShippedNewerOne()
    {
        var found = Shipped.Find(Name("System.Runtime.CompilerServices.Unsafe", "4.0.4.1", "b03f5f7f11d50a3a"));
        Assert.NotNull(found);
        Assert.Equal(Path.Combine(Module, "System.Runtime.CompilerServices.Unsafe.dll"), found.Path);
        Assert.Equal(new Version(6, 0, 0, 0), found.Identity.Version);
    }

    [Fact]
    public void TheDependenciesFolderIsSearchedToo()
    {
        var found = Shipped.Find(Name("Microsoft.Bcl.TimeProvider", "8.0.0.0", MicrosoftToken));
        Assert.Equal(Path.Combine(Dependencies, "Microsoft.Bcl.TimeProvider.dll"), found?.Path);
    }

    [Fact]
    public void AHigherVersionThanShippedIsNotAnswered() =>
        Assert.Null(Shipped.Find(Name("System.Runtime.CompilerServices.Unsafe", "7.0.0.0", "b03f5f7f11d50a3a")));

    [Fact]
    public void ADifferentPublicKeyTokenIsNotAnswered()
    {
        Assert.Null(Shipped.Find(Name("System.Runtime.CompilerServices.Unsafe", "4.0.4.1", MicrosoftToken)));
        Assert.Null(Shipped.Find(Name("System.Runtime.CompilerServices.Unsafe", "4.0.4.1", null)));
        Assert.Null(Shipped.Find(Name("SoData", "0.1.0.0", MicrosoftToken)));
    }

    [Fact]
    public void ANameTheModuleDoesNotShipIsNotAnswered()
    {
        Assert.Null(Shipped.Find(Name("Newtonsoft.Json", "13.0.0.0", "30ad4fe6b2a6aeed")));
        Assert.Null(Shipped.Find(new AssemblyName("../System.Runtime.CompilerServices.Unsafe")));
    }

    [Fact]
    public void AResourceAssemblyOfAnotherCultureIsNotAnswered() =>
        Assert.Null(Shipped.Find(new AssemblyName("SoData, Version=0.1.0.0, Culture=fr-FR, PublicKeyToken=null")));

    [Fact]
    public void AnUnsignedAssemblyIsAnsweredByName() =>
        Assert.NotNull(Shipped.Find(new AssemblyName("SoData")));

    [Fact]
    public void OnDotNetCoreTheLoadContextBranchIsTakenAndNoResolverIsNeeded()
    {
        Assert.True(LoadContexts.Available);
        Assert.False(DependencyResolver.IsNeeded);
    }
}
