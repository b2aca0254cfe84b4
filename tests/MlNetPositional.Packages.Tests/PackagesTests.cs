namespace MlNetPositional.Packages.Tests;

/// <summary>What `dotnet pack` of the solution makes: the packages the README lists, each publishable.</summary>
[TestClass]
public sealed class PackagesTests
{
    private const long GalleryLimit = 250L * 1024 * 1024;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Pack_MakesEveryPackageWithSymbols_EachUnderTheGalleryLimit()
    {
        string[] ids = ["MlNetPositional.Contract", "MlNetPositional", "MlNetPositional.Training", "MlNetPositional.Plots", "MlNetPositional.Cli", "MlNetPositional.Build", "MlNetPositional.Testing", "MlNetPositional.Bulk"];

        foreach (var id in ids)
        {
            var package = new FileInfo(Path.Combine(PackedPackages.Folder, $"{id}.{PackedPackages.Version}.nupkg"));
            Assert.IsTrue(package.Exists, $"{package.Name} in {string.Join(", ", Directory.GetFiles(PackedPackages.Folder).Select(Path.GetFileName))}");
            Assert.IsTrue(package.Length < GalleryLimit, $"{id}: {package.Length} bytes");
            TestContext.WriteLine($"{id}: {package.Length / 1024.0:F0} KB");
            if (id != "MlNetPositional.Build")
            {
                Assert.IsTrue(File.Exists(Path.ChangeExtension(package.FullName, ".snupkg")), $"{id} has a symbol package");
            }
        }
    }

    [TestMethod]
    public void Packages_CarryLicenceReadmeAndTheRightContents()
    {
        using var inference = Open("MlNetPositional");
        using var training = Open("MlNetPositional.Training");
        using var build = Open("MlNetPositional.Build");

        var inferenceFiles = inference.Entries.Select(e => e.FullName).ToList();
        CollectionAssert.Contains(inferenceFiles, "lib/net10.0/MlNetPositional.MLNet.dll");
        CollectionAssert.Contains(inferenceFiles, "lib/net10.0/MlNetPositional.MLNet.xml");
        CollectionAssert.Contains(inferenceFiles, "README.md");
        var inferenceSpec = Nuspec(inference);
        StringAssert.Contains(inferenceSpec, "<license type=\"expression\">MIT</license>");
        StringAssert.Contains(inferenceSpec, "<readme>README.md</readme>");
        Assert.IsFalse(inferenceSpec.Contains("id=\"TorchSharp", StringComparison.OrdinalIgnoreCase) || inferenceSpec.Contains("id=\"MlNetPositional.Training", StringComparison.Ordinal), "the inference package never depends on TorchSharp");

        var trainingFiles = training.Entries.Select(e => e.FullName).ToList();
        CollectionAssert.Contains(trainingFiles, "buildTransitive/MlNetPositional.Training.targets");
        CollectionAssert.Contains(trainingFiles, "buildTransitive/WeakenGlibcxxVersionNeed.cs");
        Assert.IsFalse(trainingFiles.Any(f => f.Contains("libtorch", StringComparison.OrdinalIgnoreCase)), "libtorch comes through TorchSharp-cpu, never bundled");
        StringAssert.Contains(Nuspec(training), "id=\"TorchSharp-cpu\"");

        var buildFiles = build.Entries.Select(e => e.FullName).ToList();
        CollectionAssert.IsSubsetOf(new[] { "build/MlNetPositional.Build.props", "build/MlNetPositional.Build.targets", "build/MlNetPositional.ModelExport.targets", "build/MlNetPositional.Build.Version.props" }, buildFiles);
        var buildSpec = Nuspec(build);
        StringAssert.Contains(buildSpec, "<developmentDependency>true</developmentDependency>");
        Assert.IsFalse(buildSpec.Contains("<dependency ", StringComparison.Ordinal), "the build package brings no dependency into the app");
    }

    private static System.IO.Compression.ZipArchive Open(string id) =>
        System.IO.Compression.ZipFile.OpenRead(Path.Combine(PackedPackages.Folder, $"{id}.{PackedPackages.Version}.nupkg"));

    private static string Nuspec(System.IO.Compression.ZipArchive package)
    {
        using var reader = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }
}
