using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Every way ML.NET saves a pipeline that its <c>Model.Load</c> reads loads batched too: without an
/// input schema, with a schema that does not describe the pipeline's input, with a data loader, our
/// transform alone or in nested chains, several of them, and a file saved again after a batched load;
/// a file this library cannot read is refused saying why and what to do.
/// </summary>
[TestClass]
public sealed class BatchedLoadSaveFormsTests
{
    [TestMethod]
    [DataRow("text", "Features")]
    [DataRow("key", "Features")]
    [DataRow("int32", "Features")]
    [DataRow("int64", "Features")]
    [DataRow("int64", "Tokens")]
    [DataRow("text", "Tokens")]
    public void SavedWithoutInputSchema_EveryTokenKind_LoadsBatched_WithItsSettingsAndValues(string kind, string output)
    {
        var ml = new MLContext(seed: 1);
        var (data, column) = TokenInputs.Of(ml, kind);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = output, InputColumnName = column, ModelPath = TestModels.Order,
            Pooling = PositionalPooling.First, BatchSize = 2, OverLength = PositionalOverLength.Truncate,
        }).Fit(data);
        var path = SavedPipelines.Save(ml, fitted, schema: null);

        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out var schema);
        var stock = new MLContext(seed: 3).Model.Load(path, out _);

        Assert.IsNull(schema);
        var batched = SavedPipelines.Batched(loaded).Single();
        Assert.AreEqual((output, column, PositionalPooling.First, 2), (batched.OutputColumnName, batched.InputColumnName, batched.Pooling, batched.BatchSize));
        SchemaAssert.Same(stock.GetOutputSchema(data.Schema), loaded.GetOutputSchema(data.Schema), "schema");
        AssertSameValues(Column(fitted.Transform(data), output), Column(loaded.Transform(data), output), kind);
        AssertSameValues(Column(stock.Transform(data), output), Column(loaded.Transform(data), output), $"{kind} vs stock");
    }

    [TestMethod]
    [DataRow("none")]
    [DataRow("the output's")]
    [DataRow("an unrelated one")]
    public void SavedWithASchemaThatIsNotItsInput_LoadsBatched_AsModelLoadDoes(string which)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LabelledText.Order(30, seed: 6));
        var model = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(LabelledText.Text))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order))
            .Fit(data);
        var saved = which switch
        {
            "none" => null,
            "the output's" => model.GetOutputSchema(data.Schema),   // a common slip: the schema of the predictions
            _ => ml.Data.LoadFromEnumerable(new[] { new Int64Row() }).Schema,
        };
        var path = SavedPipelines.Save(ml, model, saved);

        var stock = new MLContext(seed: 2).Model.Load(path, out var stockSchema);
        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out var schema);

        Assert.AreEqual(stockSchema?.Count, schema?.Count, "the schema comes back as stock ML.NET returns it");
        Assert.HasCount(1, SavedPipelines.Batched(loaded));
        AssertSameValues(Column(stock.Transform(data)), Column(loaded.Transform(data)), which);
    }

    [TestMethod]
    [DataRow("alone")]
    [DataRow("in a chain")]
    public void SavedWithADataLoader_LoadsBatched_FromPathAndStream(string shape)
    {
        var ml = new MLContext(seed: 1);
        var (loader, file) = shape == "alone" ? FixedTokensLoader(ml) : TextLoader(ml);
        var data = loader.Load(file);
        ITransformer model = shape == "alone"
            ? ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data)
            : ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text").Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order)).Fit(data);
        var path = SavedPipelines.NewPath();
        ml.Model.Save(model, loader, path);

        var stock = new MLContext(seed: 2).Model.Load(path, out var stockSchema);
        var fromPath = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out var schema);
        using var stream = File.OpenRead(path);
        var fromStream = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(stream, out _);

        Assert.IsNotNull(schema, "a file saved with a loader has the loader's schema");
        SchemaAssert.Same(stockSchema, schema, "the loader's schema");
        var expected = Column(stock.Transform(data));
        foreach (var (loaded, how) in new[] { (fromPath, "path"), (fromStream, "stream") })
        {
            Assert.HasCount(1, SavedPipelines.Batched(loaded), how);
            AssertSameValues(expected, Column(loaded.Transform(data)), how);
        }
    }

    [TestMethod]
    public void SavedWithADataLoader_LoadWithDataLoaderAndBatched_GivesTheLoaderAndTheBatchedPipeline()
    {
        var ml = new MLContext(seed: 1);
        var (loader, file) = TextLoader(ml);
        var model = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text").Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order)).Fit(loader.Load(file));
        var path = SavedPipelines.NewPath();
        ml.Model.Save(model, loader, path);

        var stock = new MLContext(seed: 2).Model.LoadWithDataLoader(path, out var stockLoader);
        var loaded = new MLContext(seed: 2).Model.LoadWithDataLoaderAndBatchedPositionalEmbedding(path, out var batchedLoader);
        using var stream = File.OpenRead(path);
        var fromStream = new MLContext(seed: 2).Model.LoadWithDataLoaderAndBatchedPositionalEmbedding(stream, out _);

        var expected = Column(stock.Transform(stockLoader.Load(file)));
        Assert.HasCount(30, expected);
        foreach (var (pipeline, how) in new[] { (loaded, "path"), (fromStream, "stream") })
        {
            Assert.HasCount(1, SavedPipelines.Batched(pipeline), how);
            AssertSameValues(expected, Column(pipeline.Transform(batchedLoader.Load(file))), how);
        }
    }

    [TestMethod]
    public void SavedWithoutADataLoader_LoadWithDataLoaderAndBatched_FailsAsModelLoadWithDataLoaderDoes()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = TokenInputs.Of(ml, "int64");
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var path = SavedPipelines.Save(ml, fitted, data.Schema);

        var stock = Assert.ThrowsExactly<InvalidOperationException>(() => new MLContext(seed: 2).Model.LoadWithDataLoader(path, out _));
        var ours = Assert.ThrowsExactly<InvalidOperationException>(() => new MLContext(seed: 2).Model.LoadWithDataLoaderAndBatchedPositionalEmbedding(path, out _));

        Assert.AreEqual(stock.Message, ours.Message);
        StringAssert.Contains(ours.Message, "Consider using the Load method instead");
    }

    [TestMethod]
    public void NestedChainsWithTwoTransforms_SavedWithoutSchema_BothLoadBatched()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LabelledText.Order(30, seed: 7));
        var words = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(LabelledText.Text)).Fit(data);
        var tokens = words.Transform(data);
        var mean = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(tokens);
        var grid = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Grid", InputColumnName = "Tokens", ModelPath = TestModels.Order, Pooling = PositionalPooling.None,
        }).Fit(mean.Transform(tokens));
        var model = new TransformerChain<ITransformer>(words, new TransformerChain<ITransformer>(mean, new TransformerChain<ITransformer>(grid)));
        var path = SavedPipelines.Save(ml, model, schema: null);

        var stock = new MLContext(seed: 2).Model.Load(path, out _);
        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out _);

        CollectionAssert.AreEqual(new[] { "Features", "Grid" }, SavedPipelines.Batched(loaded).Select(t => t.OutputColumnName).ToArray());
        foreach (var column in new[] { "Features", "Grid" })
        {
            AssertSameValues(Column(stock.Transform(data), column), Column(loaded.Transform(data), column), column);
        }
    }

    [TestMethod]
    [DataRow("text", "Features")]
    [DataRow("key", "Features")]
    [DataRow("int64", "Tokens")]
    public void LoadedBatchedFromAFileWithoutSchema_SavedAgain_LoadsWithTheFirstValues(string kind, string output)
    {
        var ml = new MLContext(seed: 1);
        var (data, column) = TokenInputs.Of(ml, kind);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = output, InputColumnName = column, ModelPath = TestModels.Order, OverLength = PositionalOverLength.Truncate,
        }).Fit(data);
        var first = SavedPipelines.Save(ml, fitted, schema: null);
        var loaded = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(first, out _);
        var second = SavedPipelines.Save(ml, loaded, schema: null);

        var stock = new MLContext(seed: 3).Model.Load(second, out _);
        var batched = new MLContext(seed: 3).Model.LoadWithBatchedPositionalEmbedding(second, out _);

        var expected = Column(fitted.Transform(data), output);
        AssertSameValues(expected, Column(stock.Transform(data), output), $"{kind}: stock load of the second file");
        AssertSameValues(expected, Column(batched.Transform(data), output), $"{kind}: batched load of the second file");
        Assert.HasCount(1, SavedPipelines.Batched(batched));
    }

    [TestMethod]
    public void SavedAgain_KeepsTheTemporaryColumnNameTheFirstSaveChose_SoNoInputColumnIsDropped()
    {
        // The text form scores a temporary key column, named after the output and then dropped; the
        // first save chose "Features.PositionalKeys.1" because the data has "Features.PositionalKeys".
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TokenSentences.WithUnknownAndOverLong.Select((s, i) => new TokensAndNote { Tokens = s, Note = $"note {i}" }));
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var first = SavedPipelines.Save(ml, fitted, schema: null);
        var second = SavedPipelines.Save(ml, new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(first, out _), schema: null);

        var output = new MLContext(seed: 3).Model.Load(second, out _).Transform(data);

        CollectionAssert.AreEqual(new[] { "note 0", "note 1", "note 2", "note 3", "note 4" }, output.GetColumn<string>(TokensAndNote.NoteColumn).ToArray());
        AssertSameValues(Column(fitted.Transform(data)), Column(output), "values");
    }

    [TestMethod]
    public void RecordOfANewerVersion_IsRefusedSayingWhatToDo_WhileModelLoadReadsTheFile()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = TokenInputs.Of(ml, "text");
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var path = SavedPipelines.WithRecordVersion9(SavedPipelines.Save(ml, fitted, data.Schema));

        var stock = new MLContext(seed: 2).Model.Load(path, out _);
        var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out _));

        Assert.AreEqual(TokenSentences.WithUnknownAndOverLong.Length, Column(stock.Transform(data)).Count);
        StringAssert.Contains(error.Message, "saved-transform record version 9; this library reads version 1");
        StringAssert.Contains(error.Message, "mlContext.Model.Load");
        StringAssert.Contains(error.Message, path);
    }

    private static void AssertSameValues(List<float[]> expected, List<float[]> actual, string what)
    {
        Assert.HasCount(expected.Count, actual, what);
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], actual[r], $"{what}, row {r}");
        }
    }

    /// <summary>A TSV of sentences and a loader of its Text column.</summary>
    private static (IDataLoader<IMultiStreamSource> Loader, IMultiStreamSource File) TextLoader(MLContext ml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"batched-load-text-{Guid.NewGuid():N}.tsv");
        File.WriteAllLines(file, LabelledText.Order(30, seed: 8).Select(r => r.Text));
        return (ml.Data.CreateTextLoader([new TextLoader.Column("Text", DataKind.String, 0)], separatorChar: '\t'), new MultiFileSource(file));
    }

    /// <summary>A TSV of four tokens a row and a loader of them as one known-size vector column, Tokens.</summary>
    private static (IDataLoader<IMultiStreamSource> Loader, IMultiStreamSource File) FixedTokensLoader(MLContext ml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"batched-load-tokens-{Guid.NewGuid():N}.tsv");
        File.WriteAllLines(file, ["t5\tt2\tt9\tt3", "t3\tt2\tt4\tt4", "t11\tnope\tt2\tt7"]);
        return (ml.Data.CreateTextLoader([new TextLoader.Column("Tokens", DataKind.String, 0, 3)], separatorChar: '\t'), new MultiFileSource(file));
    }

    private sealed class TokensAndNote
    {
        public const string NoteColumn = "Features.PositionalKeys";

        [VectorType]
        public string[] Tokens { get; set; } = [];

        [ColumnName(NoteColumn)]
        public string Note { get; set; } = "";
    }
}
