using Microsoft.ML;
using Microsoft.ML.Data;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

[TestClass]
public sealed class SaveLoadAndEnginesTests
{
    private static readonly string[][] Sentences = TokenSentences.WithUnknownAndOverLong;

    [TestMethod]
    [DataRow(PositionalPooling.Mean)]
    [DataRow(PositionalPooling.Max)]
    [DataRow(PositionalPooling.First)]
    [DataRow(PositionalPooling.None)]
    public void SaveThenLoadInNewContext_SameOutputs_AndPredictionEngineWorksOnBoth(PositionalPooling pooling)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        var pipeline = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order, pooling);
        using var fitted = pipeline.Fit(data);
        var expected = Column(fitted.Transform(data));
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}.zip");

        ml.Model.Save(fitted, data.Schema, path);
        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.Load(path, out var loadedSchema);
        var actual = Column(loaded.Transform(fresh.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }))));

        Assert.AreEqual(Sentences.Length, actual.Count);
        for (var r = 0; r < Sentences.Length; r++)
        {
            AssertClose(expected[r], actual[r], $"{pooling} row {r} after load");
        }

        var fittedEngine = ml.Model.CreatePredictionEngine<TextRow, Prediction>(fitted);
        var loadedEngine = fresh.Model.CreatePredictionEngine<TextRow, Prediction>(loaded);
        for (var r = 0; r < Sentences.Length; r++)
        {
            AssertClose(expected[r], fittedEngine.Predict(new TextRow { Tokens = Sentences[r] }).Features, $"fitted engine row {r}");
            AssertClose(expected[r], loadedEngine.Predict(new TextRow { Tokens = Sentences[r] }).Features, $"loaded engine row {r}");
        }

        Assert.IsNotNull(loadedSchema.GetColumnOrNull("Tokens"));
    }

    [TestMethod]
    public void SaveThenLoadInAnotherProcessWithPlainMlNet_SameOutputs()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var expected = Column(fitted.Transform(data));

        var (transform, engine) = SavedPipelines.ScoreInPlainMlNet(ml, fitted, data.Schema, Sentences);

        foreach (var (part, rows) in new[] { ("transform", transform), ("engine", engine) })
        {
            Assert.AreEqual(expected.Count, rows.Count, part);
            for (var r = 0; r < rows.Count; r++)
            {
                AssertClose(expected[r], rows[r], $"{part} row {r} in the other process");
            }
        }
    }

    [TestMethod]
    public void FixedSizeIdVectors_ScoreAndSurviveSaveLoad()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new FixedRow { Tokens = [2, 5, 3, 9] }, new FixedRow { Tokens = [3, 3, 2, 11] } });
        var variable = ml.Data.LoadFromEnumerable(new[] { new Int64Row { Tokens = [2, 5, 3, 9] }, new Int64Row { Tokens = [3, 3, 2, 11] } });
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(variable).Transform(variable));
        var path = Path.Combine(Path.GetTempPath(), $"fixed-{Guid.NewGuid():N}.zip");

        var actual = Column(fitted.Transform(data));
        ml.Model.Save(fitted, data.Schema, path);
        var loaded = Column(new MLContext(seed: 2).Model.Load(path, out _).Transform(data));

        for (var r = 0; r < 2; r++)
        {
            AssertClose(expected[r], actual[r], $"fixed row {r}");
            AssertClose(expected[r], loaded[r], $"fixed row {r} after load");
        }
    }

    [TestMethod]
    public void Transform_From4Threads_EqualsSingleThreaded()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 400).Select(_ => new Int64Row { Tokens = [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (long)random.Next(2, 12))] }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = TestModels.Order, BatchSize = 16,
        }).Fit(data);
        var expected = Column(transformer.Transform(data));

        var results = new List<float[]>[4];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Column(transformer.Transform(data)));

        foreach (var result in results)
        {
            Assert.AreEqual(expected.Count, result.Count);
            for (var r = 0; r < expected.Count; r++)
            {
                CollectionAssert.AreEqual(expected[r], result[r], $"row {r}");
            }
        }
    }

    [TestMethod]
    public void BatchSizes_GiveTheSameValues()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        List<float[]> Run(int batch) => Column(ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = TestModels.Order, BatchSize = batch,
        }).Fit(data).Transform(data));

        var one = Run(1);
        var many = Run(64);
        for (var r = 0; r < one.Count; r++)
        {
            AssertClose(one[r], many[r], $"row {r}");
        }
    }

    internal sealed class FixedRow
    {
        [VectorType(4)]
        public long[] Tokens { get; set; } = [];
    }

    internal sealed class Prediction
    {
        public float[] Features { get; set; } = [];
    }
}
