using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests.Pretrained;

/// <summary>
/// An adopted pretrained model goes through ApplyPositionalEmbedding like this library's own: batched
/// scoring equals the model scored directly, and the pipeline saves, reloads with stock Model.Load and
/// reloads batched, with every pooling.
/// </summary>
[TestClass]
public sealed class AdoptedModelPipelineTests
{
    private static readonly string[] Texts =
    [
        "A man is playing a guitar.", "Positions matter: dog bites man.", "", "The quick brown fox jumps over the lazy dog again and again.",
        "Computers are useless. They can only give you answers.", "short",
    ];

    [TestMethod]
    [DataRow(PositionalPooling.Mean)]
    [DataRow(PositionalPooling.Max)]
    [DataRow(PositionalPooling.First)]
    public void TokenIds_ScoredBatched_SavedAndReloadedStockAndBatched_SameVectors(PositionalPooling pooling)
    {
        var path = PackagedEncoder.MiniLM.AdoptedPath;
        using var model = PositionalEmbeddingModel.Load(path);
        var tokenizer = TextTokenizer.ForModel(model.Metadata, path);
        var rows = Texts.Select(t => new IdsRow { Ids = [.. tokenizer.Tokenize(t).Select(token => (long)model.Metadata.Vocabulary.IdOf(token))] }).ToList();
        var direct = model.Embed([.. rows.Select(r => r.Ids)]);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);

        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", nameof(IdsRow.Ids), path, pooling).Fit(data);
        var batched = Features(fitted.Transform(data));
        var zip = Path.Combine(Directory.CreateTempSubdirectory("adopted-pipeline-").FullName, "pipeline.zip");
        ml.Model.Save(fitted, data.Schema, zip);
        var stock = Features(new MLContext(seed: 2).Model.Load(zip, out _).Transform(data));
        var reloaded = new MLContext(seed: 3).Model.LoadWithBatchedPositionalEmbedding(zip, out _);
        var batchedAgain = Features(reloaded.Transform(data));
        (reloaded as IDisposable)?.Dispose();

        for (var r = 0; r < rows.Count; r++)
        {
            var expected = pooling switch
            {
                PositionalPooling.Mean => direct[r].Pooled,
                PositionalPooling.First => direct[r].Token(0).ToArray(),
                _ => Enumerable.Range(0, 384).Select(c => Enumerable.Range(0, direct[r].Length).Max(t => direct[r].Token(t)[c])).ToArray(),
            };
            AssertClose(expected, batched[r], 1e-5, $"{pooling} row {r}: batched vs direct");
            AssertClose(batched[r], stock[r], 1e-5, $"{pooling} row {r}: stock reload");
            AssertClose(batched[r], batchedAgain[r], 1e-6, $"{pooling} row {r}: batched reload");
        }
    }

    private static List<float[]> Features(IDataView view) =>
        [.. view.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray())];

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.IsTrue(worst <= tolerance, $"{what}: max difference {worst}");
    }

    private sealed class IdsRow
    {
        [VectorType]
        public long[] Ids { get; set; } = [];
    }
}
