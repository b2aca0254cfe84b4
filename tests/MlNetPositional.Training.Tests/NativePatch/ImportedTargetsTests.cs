using System.Reflection;
using System.Xml.Linq;
using MlNetPositional.Build;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Training.Tests.NativePatch;

/// <summary>
/// The native-patch targets work wherever they are imported (a project file, which is evaluated before
/// the SDK sets OutDir; a Directory.Build.targets), for every folder that receives TorchSharp's natives:
/// a portable build, a build for a runtime identifier and a publish. Each case builds a project of its
/// own outside the repository (so no Directory.Build.* of ours applies) that runs TorchSharp.
/// </summary>
[TestClass]
public sealed class ImportedTargetsTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static readonly string RepositoryRoot = typeof(ImportedTargetsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static string Targets => Path.Combine(RepositoryRoot, "src", "MlNetPositional.Training", "build", "MlNetPositional.Training.targets");

    [TestMethod]
    [TestCategory("Long")]
    public void ImportedInTheProjectFile_PortableBuild_IsPatchedAndRuns()
    {
        // The reported case (shared/cases/07): the import README's troubleshooting suggests.
        var project = NewProject("import-in-csproj", importInProjectFile: true);

        Dotnet(project, "build", "-c", "Release", "-nologo", "-p:CreateHardLinksForCopyLocalIfPossible=true");

        AssertPatchedAndRuns(Path.Combine(project, "bin", "Release", "net10.0"), Path.Combine("runtimes", "linux-x64", "native"));
    }

    [TestMethod]
    [TestCategory("Long")]
    public void ImportedInDirectoryBuildTargets_RuntimeSpecificBuildAndPublish_ArePatchedAndRun()
    {
        // For a runtime identifier the natives sit beside the app; publish copies them from the NuGet cache, not from bin.
        var project = NewProject("import-in-directory-build-targets", importInProjectFile: false);

        Dotnet(project, "build", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-nologo", "-p:CreateHardLinksForCopyLocalIfPossible=true");
        AssertPatchedAndRuns(Path.Combine(project, "bin", "Release", "net10.0", "linux-x64"), "");

        var publish = Path.Combine(project, "publish");
        Dotnet(project, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", publish, "-nologo", "-p:CreateHardLinksForPublishFilesIfPossible=true");
        AssertPatchedAndRuns(publish, "");
    }

    private static void AssertPatchedAndRuns(string output, string nativeFolder)
    {
        var library = Path.Combine(output, nativeFolder, "libLibTorchSharp.so");
        Assert.IsTrue(File.Exists(library), $"{library} should exist");
        var flags = ElfVersionNeeds.ReadFlags(library, Version);
        Assert.IsNotNull(flags, $"TorchSharp's library should need {Version}");
        var system = ElfVersionNeeds.FindSystemLibrary(["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"]);
        var systemHasVersion = system is not null && ElfVersionNeeds.LibraryDefinesVersion(system, Version);
        Assert.AreEqual(!systemHasVersion, (flags.Value & 0x2) != 0, $"{library}: weak exactly when {system} lacks {Version}");

        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [Path.Combine(output, "glibcxx.dll")], TimeSpan.FromMinutes(10));
        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual("6", stdout.Trim(), "torch.arange(4).sum() in the built program");
    }

    private static string NewProject(string name, bool importInProjectFile)
    {
        var folder = Directory.CreateTempSubdirectory($"mlnp-{name}-").FullName;
        var torchSharpVersion = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "TorchSharp-cpu").Attribute("Version")!.Value;
        var import = $"""  <Import Project="{Targets}" />""";
        File.WriteAllText(Path.Combine(folder, "glibcxx.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp-cpu" Version="{torchSharpVersion}" />
              </ItemGroup>
            {(importInProjectFile ? import : "")}
            </Project>
            """);
        if (!importInProjectFile)
        {
            File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), $"<Project>\n{import}\n</Project>\n");
        }

        File.WriteAllText(Path.Combine(folder, "Program.cs"), "Console.WriteLine(TorchSharp.torch.arange(4).sum().item<long>());\n");
        return folder;
    }

    private static void Dotnet(string folder, params string[] arguments)
    {
        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", arguments, TimeSpan.FromMinutes(10), folder);
        Assert.AreEqual(0, code, $"dotnet {string.Join(' ', arguments)} in {folder}:\n{stdout}\n{stderr}");
    }
}
