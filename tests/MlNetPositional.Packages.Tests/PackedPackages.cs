using System.Reflection;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Packages.Tests;

/// <summary>
/// The solution packed once per test run (dotnet pack, no build of its own, with a version no earlier
/// run used, so the NuGet cache never serves a stale copy) and helpers to drive brand-new projects
/// that consume the packages from a temporary folder outside the repository.
/// </summary>
internal static class PackedPackages
{
    private static readonly Lazy<(string Folder, string Version)> Packed = new(Pack);

    /// <summary>The folder holding the .nupkg files.</summary>
    public static string Folder => Packed.Value.Folder;

    /// <summary>Their version.</summary>
    public static string Version => Packed.Value.Version;

    /// <summary>The repository this test project was built from.</summary>
    public static string RepositoryRoot =>
        typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The configuration this test project (and the repository's CLI with it) was built in.</summary>
    public static string Configuration =>
        typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    /// <summary>A new folder outside the repository with a nuget.config whose MlNetPositional* packages come from <see cref="Folder"/>.</summary>
    public static string NewConsumerFolder(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"mlnp-consumer-{name}-").FullName;
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="mlnetpositional-local" value="{Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="mlnetpositional-local"><package pattern="MlNetPositional*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return folder;
    }

    /// <summary>Runs dotnet in <paramref name="folder"/>, whatever its exit code.</summary>
    public static (int Code, string Stdout, string Stderr) TryDotnet(string folder, params string[] arguments) =>
        ProcessRunner.Run("dotnet", arguments, TimeSpan.FromMinutes(10), folder);

    /// <summary>Runs dotnet in <paramref name="folder"/>; asserts it succeeds and returns stdout.</summary>
    public static string Dotnet(string folder, params string[] arguments)
    {
        var (code, stdout, stderr) = TryDotnet(folder, arguments);
        Assert.AreEqual(0, code, $"dotnet {string.Join(' ', arguments)} in {folder}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Total bytes of the files under <paramref name="folder"/>.</summary>
    public static long Size(string folder) => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static (string, string) Pack()
    {
        var assembly = typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
        var version = $"0.1.1-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = Directory.CreateTempSubdirectory("mlnp-packages-").FullName;
        Dotnet(assembly["RepositoryRoot"], "pack", "MlNetPositional.sln", "-c", assembly["Configuration"], "--no-build", "-nologo",
            $"-p:Version={version}", "-o", folder);
        return (folder, version);
    }
}
