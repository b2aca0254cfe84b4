using MlNetPositional.Cli.Tests.Export;
using MlNetPositional.Plots;

namespace MlNetPositional.Cli.Tests.Plot;

[TestClass]
public sealed class PlotCommandTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [TestMethod]
    public void Plot_Run_WritesSimilarityNormsAndCurvesAsPng()
    {
        var folder = CliRunner.NewDirectory("plots");

        var (code, stdout, stderr) = CliRunner.Run("plot", "--run", ExportedModelFixture.Run, "--out", folder);

        Assert.AreEqual(0, code, stderr);
        foreach (var name in new[] { "position-similarity.png", "position-norms.png", "training-curves.png" })
        {
            var path = Path.Combine(folder, name);
            StringAssert.Contains(stdout, path);
            var bytes = File.ReadAllBytes(path);
            CollectionAssert.AreEqual(PngSignature, bytes[..8], name);
            Assert.IsTrue(bytes.Length > 10_000, $"{name}: {bytes.Length} bytes");
        }
    }

    [TestMethod]
    public void PositionTable_FromExportedModel_SimilarityHasUnitDiagonalAndIsSymmetric()
    {
        var table = PositionTable.FromOnnx(ExportedModelFixture.Model)!;

        var similarity = table.CosineSimilarity();

        Assert.AreEqual(8, table.Rows);
        Assert.AreEqual(16, table.Dim);
        for (var i = 0; i < table.Rows; i++)
        {
            Assert.AreEqual(1.0, similarity[i, i], 1e-6);
            for (var j = 0; j < table.Rows; j++)
            {
                Assert.AreEqual(similarity[i, j], similarity[j, i], 1e-12);
            }
        }
    }

    [TestMethod]
    public void Plot_MissingRun_Exit2()
    {
        var (code, _, stderr) = CliRunner.Run("plot", "--run", "/no/such/run");

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "/no/such/run");
    }
}
