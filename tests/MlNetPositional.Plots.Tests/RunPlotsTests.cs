using MlNetPositional.Contract;

namespace MlNetPositional.Plots.Tests;

[TestClass]
public sealed class RunPlotsTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [TestMethod]
    public void Write_TableAndLog_ThreePngs_WithoutInputs_None()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"plots-{Guid.NewGuid():N}");
        var log = Path.Combine(Path.GetTempPath(), $"train-log-{Guid.NewGuid():N}.csv");
        File.WriteAllText(log, $"{TrainLogColumns.Header}\n" + string.Join('\n', Enumerable.Range(1, 20).Select(s => $"{s},{3.0 / s},{(s % 5 == 0 ? "1.0" : "")},{(s % 5 == 0 ? "0.8" : "")},0.001,{s * 0.1}")) + "\n");
        var random = new Random(1);
        var table = new PositionTable([.. Enumerable.Range(0, 16 * 8).Select(_ => (float)random.NextDouble())], Rows: 16, Dim: 8);

        var written = RunPlots.Write(table, log, folder, initialNorm: Math.Sqrt(8));
        var none = RunPlots.Write(null, null, Path.Combine(folder, "empty"));

        CollectionAssert.AreEqual(new[] { "position-similarity.png", "position-norms.png", "training-curves.png" }, written.Select(Path.GetFileName).ToArray());
        foreach (var file in written)
        {
            var bytes = File.ReadAllBytes(file);
            CollectionAssert.AreEqual(PngSignature, bytes[..8], file);
            Assert.IsTrue(bytes.Length > 5_000, $"{file}: {bytes.Length} bytes");
        }

        Assert.AreEqual(0, none.Count);
    }
}
