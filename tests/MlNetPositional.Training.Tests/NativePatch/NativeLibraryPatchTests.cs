using MlNetPositional.Build;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.NativePatch;

[TestClass]
public sealed class NativeLibraryPatchTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static readonly string[] SystemCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    ];

    private static string OutputLibrary => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Torch_LoadsAndComputes_InThisProcess()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a.matmul(a);

        Assert.AreEqual(14f, b.item<float>(), 1e-6f);
    }

    [TestMethod]
    public void OutputLibrary_VersionNeedIsWeak_ExactlyWhenSystemLibstdcxxLacksIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The patch is Linux-only.");
        }

        var system = ElfVersionNeeds.FindSystemLibrary(SystemCandidates);
        var systemHasVersion = system is not null && ElfVersionNeeds.LibraryDefinesVersion(system, Version);
        var flags = ElfVersionNeeds.ReadFlags(OutputLibrary, Version);

        Assert.IsNotNull(flags, "TorchSharp's library should need " + Version);
        Assert.AreEqual(!systemHasVersion, (flags.Value & 0x2) != 0, $"system library {system} has {Version}: {systemHasVersion}");
    }

    [TestMethod]
    public void MarkWeak_OnPristineCopy_SetsFlagAndIsIdempotentAndLeavesHardLinkedOriginal()
    {
        var pristine = PristineLibraryInNuGetCache();
        var folder = Directory.CreateDirectory(Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), Guid.NewGuid().ToString("N"))).FullName;
        var copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(pristine, copy);
        var original = File.ReadAllBytes(copy);

        var first = ElfVersionNeeds.MarkWeak(copy, Version);
        var afterFirst = File.ReadAllBytes(copy);
        var second = ElfVersionNeeds.MarkWeak(copy, Version);

        Assert.AreEqual(WeakenOutcome.MarkedWeak, first);
        Assert.AreEqual(WeakenOutcome.AlreadyWeak, second);
        CollectionAssert.AreEqual(afterFirst, File.ReadAllBytes(copy), "the second run must not change the file");
        Assert.AreEqual(original.Length, afterFirst.Length);
        Assert.AreEqual(1, original.Zip(afterFirst).Count(pair => pair.First != pair.Second), "exactly one byte (the flags) changes");
        Assert.AreEqual((ushort)0x2, (ushort)(ElfVersionNeeds.ReadFlags(copy, Version)!.Value & 0x2));
        Assert.AreEqual(0, ElfVersionNeeds.ReadFlags(pristine, Version)!.Value & 0x2, "the NuGet cache copy must stay pristine");
    }

    [TestMethod]
    public void MarkWeak_NotAnElf_ThrowsNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is not a shared library");
        try
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(path, Version));
            StringAssert.Contains(error.Message, path);
            StringAssert.Contains(error.Message, "not an ELF file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MarkWeak_VersionTheLibraryDoesNotNeed_ThrowsNamingTheVersionAndKeepsFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lib-{Guid.NewGuid():N}.so");
        File.Copy(PristineLibraryInNuGetCache(), path);
        var before = File.ReadAllBytes(path);
        try
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(path, "GLIBCXX_9.9.9"));
            StringAssert.Contains(error.Message, "GLIBCXX_9.9.9");
            CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string PristineLibraryInNuGetCache()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.IsTrue(File.Exists(path), $"expected TorchSharp's package at {path}");
        return path;
    }
}
