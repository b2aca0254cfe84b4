using Microsoft.ML;
using MlNetPositional.Inference;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Models of contract version 1 (written before positions came from the mask) still load and score.</summary>
[TestClass]
public sealed class ContractVersionTests
{
    private static readonly string Version1 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "contract-v1-order.onnx");

    [TestMethod]
    public void Version1File_LoadsAndScoresBatchedAsOneRowAtATime()
    {
        using var model = PositionalEmbeddingModel.Load(Version1);
        long[][] rows = [[2, 5, 3], [7], [3, 3, 2, 11, 4, 9, 8, 6]];

        var batched = model.Embed(rows);

        Assert.AreEqual("1", model.Metadata.ContractVersion);
        for (var r = 0; r < rows.Length; r++)
        {
            AssertClose(model.Embed([rows[r]])[0].Pooled, batched[r].Pooled, $"row {r}");
        }
    }

    [TestMethod]
    public void Version1File_WorksInApplyPositionalEmbedding_AndSurvivesBatchedReload()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(WideRows.Create());
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", Version1).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"v1-{Guid.NewGuid():N}.zip");
        ml.Model.Save(fitted, data.Schema, path);

        var expected = Column(fitted.Transform(data));
        var reloaded = Column(new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out _).Transform(data));

        Assert.AreEqual("1", fitted.ModelMetadata.ContractVersion);
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], reloaded[r], $"row {r}");
        }
    }
}
