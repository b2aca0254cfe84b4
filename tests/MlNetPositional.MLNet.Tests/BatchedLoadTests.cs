using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// <c>LoadWithBatchedPositionalEmbedding</c>: a saved pipeline comes back with the batched transformer
/// in place of the stock chain it was saved as, with the same settings and the same outputs.
/// </summary>
[TestClass]
public sealed class BatchedLoadTests
{
    private static readonly string[][] Sentences = TokenSentences.WithUnknownAndOverLong;

    [TestMethod]
    [DataRow("text", "Features")]
    [DataRow("key", "Features")]
    [DataRow("int32", "Features")]
    [DataRow("int64", "Features")]
    [DataRow("int64", "Tokens")]
    [DataRow("text", "Tokens")]
    public void SavedTransformer_LoadsBatched_WithItsSettingsAndOutputs(string kind, string output)
    {
        var ml = new MLContext(seed: 1);
        var (data, column) = InputOf(ml, kind);
        var options = new PositionalEmbeddingOptions
        {
            OutputColumnName = output, InputColumnName = column, ModelPath = TestModels.Order,
            Pooling = PositionalPooling.Max, BatchSize = 3, IntraOpThreads = 1, OverLength = PositionalOverLength.Truncate,
        };
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(options).Fit(data);
        var path = Save(ml, fitted, data);

        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out var inputSchema);
        var stock = new MLContext(seed: 3).Model.Load(path, out _);

        var batched = Single(loaded);
        Assert.AreEqual((output, column, PositionalPooling.Max, 3, 1), (batched.OutputColumnName, batched.InputColumnName, batched.Pooling, batched.BatchSize, batched.IntraOpThreads));
        Assert.AreEqual(TestModels.Order, batched.ModelPath);
        SchemaAssert.Same(fitted.GetOutputSchema(data.Schema), loaded.GetOutputSchema(inputSchema), "batched-loaded schema");
        SchemaAssert.Same(stock.GetOutputSchema(data.Schema), loaded.GetOutputSchema(data.Schema), "stock-loaded schema");
        var expected = Column(fitted.Transform(data), output);
        var actual = Column(loaded.Transform(data), output);
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], actual[r], $"{kind} row {r}");
        }
    }

    [TestMethod]
    public void SavedWithoutInputSchema_TextPipeline_LoadsBatched_WithModelLoadsValues()
    {
        // The reproduction of issue 22, item 3: ML.NET documents Save's inputSchema as "can be null".
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LabelledText.Order(40, seed: 5));
        var model = ml.Transforms.Text.NormalizeText("Normal", nameof(LabelledText.Text))
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normal"))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order))
            .Fit(data);
        var path = SavedPipelines.Save(ml, model, schema: null);

        var stock = new MLContext(seed: 2).Model.Load(path, out var stockSchema);
        var loaded = new MLContext(seed: 3).Model.LoadWithBatchedPositionalEmbedding(path, out var schema);

        Assert.IsNull(stockSchema, "stock Model.Load returns no schema for such a file");
        Assert.IsNull(schema, "and neither does the batched load: there is none");
        Assert.AreEqual("Tokens", Single(loaded).InputColumnName);
        var expected = Column(stock.Transform(data));
        var actual = Column(loaded.Transform(data));
        Assert.AreEqual(40, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], actual[r], $"row {r}");
        }

        var engine = new MLContext(seed: 4).Model.CreatePredictionEngine<LabelledText, FeaturesRow>(loaded);
        AssertClose(expected[7], engine.Predict(LabelledText.Order(40, seed: 5)[7]).Features, "PredictionEngine row 7");
    }

    [TestMethod]
    public void OverLengthError_IsEnforcedAgainAfterLoading_StockLoadOnlyTruncates()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = InputOf(ml, "text");
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = TestModels.Order, OverLength = PositionalOverLength.Error,
        }).Fit(data);
        var path = Save(ml, fitted, data);

        var stock = new MLContext(seed: 2).Model.Load(path, out _);
        var batched = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out _);

        Assert.AreEqual(Sentences.Length, Column(stock.Transform(data)).Count, "the stock chain truncates the 9-token row");
        Assert.AreEqual(PositionalOverLength.Error, Single(batched).OverLength);
        var error = Assert.ThrowsExactly<PositionalInputException>(() => Column(batched.Transform(data)));
        StringAssert.Contains(error.Message, "Row 4 of column 'Tokens' has 9 tokens; the model's max length is 8");
    }

    [TestMethod]
    public void PipelineWithTokenizerAndTrainer_ComesBackWithTheBatchedTransformerInItsPlace()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LabelledText.Order(300, seed: 4));
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(LabelledText.Text))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order))
            .Append(ml.Transforms.NormalizeMinMax("Features"), TransformerScope.Training)
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20));
        var model = pipeline.Fit(data);
        var path = Save(ml, model, data);

        var stock = new MLContext(seed: 2).Model.Load(path, out _);
        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out _);

        var parts = ((IEnumerable<ITransformer>)loaded).ToList();
        Assert.AreEqual(4, parts.Count);
        Assert.IsInstanceOfType<PositionalEmbeddingTransformer>(parts[1]);
        var chain = (TransformerChain<ITransformer>)loaded;
        Assert.AreEqual(3, chain.GetModelFor(TransformerScope.Scoring).Count(), "the Training-only normaliser keeps its scope");
        var expected = stock.Transform(data).GetColumn<float>("Probability").ToArray();
        var actual = loaded.Transform(data).GetColumn<float>("Probability").ToArray();
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.AreEqual(expected[r], actual[r], 1e-6, $"row {r}");
        }
    }

    [TestMethod]
    public void PipelineWithoutPositionalEmbedding_LoadsAsModelLoadDoes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new LabelledText { Text = "Hello World" } });
        var model = ml.Transforms.Text.NormalizeText("Normal", nameof(LabelledText.Text)).Fit(data);
        var path = Save(ml, model, data);

        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out var schema);

        Assert.IsNotNull(schema, "saved with its schema");
        Assert.IsNotNull(schema.GetColumnOrNull(nameof(LabelledText.Text)));
        Assert.AreEqual("hello world", loaded.Transform(data).GetColumn<string>("Normal").Single());
    }

    [TestMethod]
    public void SavedInOneProcess_LoadedBatchedInAnother_SameOutputs()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = TestModels.Order, BatchSize = 2, OverLength = PositionalOverLength.Truncate,
        }).Fit(data);
        var expected = Column(fitted.Transform(data));
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"batched-process-{Guid.NewGuid():N}")).FullName;
        ml.Model.Save(fitted, data.Schema, Path.Combine(folder, "pipeline.zip"));
        File.WriteAllText(Path.Combine(folder, "rows.json"), System.Text.Json.JsonSerializer.Serialize(Sentences));

        var stdout = TestModels.RunDotnet("BatchedLoader", [Path.Combine(folder, "pipeline.zip"), Path.Combine(folder, "rows.json")]);

        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var batched = json.RootElement.GetProperty("batched").EnumerateArray().Single();
        Assert.AreEqual(2, batched.GetProperty("BatchSize").GetInt32());
        Assert.AreEqual("Tokens", batched.GetProperty("InputColumnName").GetString());
        foreach (var part in new[] { "transform", "engine" })
        {
            var rows = json.RootElement.GetProperty(part).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
            Assert.AreEqual(expected.Count, rows.Count, part);
            for (var r = 0; r < rows.Count; r++)
            {
                AssertClose(expected[r], rows[r], $"{part} row {r} in the other process");
            }
        }
    }

    private static PositionalEmbeddingTransformer Single(ITransformer loaded) => SavedPipelines.Batched(loaded).Single();

    private static string Save(MLContext ml, ITransformer model, IDataView data) => SavedPipelines.Save(ml, model, data.Schema);

    private static (IDataView Data, string Column) InputOf(MLContext ml, string kind) => TokenInputs.Of(ml, kind);

    private sealed class FeaturesRow
    {
        public float[] Features { get; set; } = [];
    }
}
