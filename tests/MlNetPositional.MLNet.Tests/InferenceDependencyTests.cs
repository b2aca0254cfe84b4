using System.Reflection;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Scoring must stay light: the ML.NET package never pulls in TorchSharp or libtorch.</summary>
[TestClass]
public sealed class InferenceDependencyTests
{
    [TestMethod]
    public void MLNetAssembly_ReferencesNoTorchSharp()
    {
        var assembly = typeof(PositionalPooling).Assembly;

        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.IsFalse(references.Any(name => name.Contains("Torch", StringComparison.OrdinalIgnoreCase)), string.Join(", ", references));
    }

    [TestMethod]
    public void TestOutput_ContainsNoTorchSharpOrLibtorch()
    {
        // This test project references only MlNetPositional.MLNet, so its output is what an
        // inference-only user deploys.
        var output = AppContext.BaseDirectory;

        var torchFiles = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.AreEqual(0, torchFiles.Count, string.Join(", ", torchFiles));
        Assert.IsTrue(File.Exists(Path.Combine(output, "MlNetPositional.MLNet.dll")));
    }
}
