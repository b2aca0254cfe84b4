using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Contract.Tests.Files;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void Write_FailureMidway_LeavesOldFileAndNoTempFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"atomic-{Guid.NewGuid():N}")).FullName;
        var path = Path.Combine(folder, "model.bin");
        File.WriteAllText(path, "old");

        Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("partial"u8);
            throw new InvalidOperationException("crash while writing");
        }));

        Assert.AreEqual("old", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder));
    }

    [TestMethod]
    public void WriteAllText_ReplacesContentAndCreatesFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"atomic-{Guid.NewGuid():N}", "sub", "a.json");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        Assert.AreEqual("second", File.ReadAllText(path));
    }
}
