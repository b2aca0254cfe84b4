using Microsoft.ML;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests.Text;

/// <summary>
/// A transform on raw text saves with the model's stock ML.NET tokenizer in front (words, chars), so
/// plain ML.NET reloads it, in this process and in one without this library, and the batched load
/// gives the same vectors; Tiktoken has no stock ML.NET transform, so saving says so.
/// </summary>
[TestClass]
public sealed class RawTextSaveTests
{
    [TestMethod]
    [DataRow("words", "Features")]
    [DataRow("words", "Text")]
    [DataRow("chars", "Features")]
    [DataRow("chars", "Text")]
    public void WordsAndChars_SavedAsStockChain_StockAndBatchedReloadGiveTheSameVectors(string kind, string output)
    {
        var test = RawTextCase.For(kind);
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(output, "Text", test.Model).Fit(data);
        var expected = Column(fitted.Transform(data), output);
        var path = SavedPipelines.Save(ml, fitted, data.Schema);

        var stock = new MLContext(seed: 2).Model.Load(path, out var inputSchema);
        var batched = new MLContext(seed: 3).Model.LoadWithBatchedPositionalEmbedding(path, out _);
        var fromStock = Column(stock.Transform(data), output);
        var fromBatched = Column(batched.Transform(data), output);
        var engine = new MLContext(seed: 4).Model.CreatePredictionEngine<RawTextCase.TextRow, RawTextCase.Prediction>(stock);

        Assert.AreEqual(0, SavedPipelines.Batched(stock).Count, "stock ML.NET alone");
        Assert.AreEqual(1, SavedPipelines.Batched(batched).Count, "the batched transformer is back");
        SchemaAssert.Same(fitted.GetOutputSchema(data.Schema), stock.GetOutputSchema(data.Schema), "stock reload");
        SchemaAssert.Same(fitted.GetOutputSchema(data.Schema), batched.GetOutputSchema(data.Schema), "batched reload");
        Assert.IsNotNull(inputSchema.GetColumnOrNull("Text"));
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], fromStock[r], $"{kind} row {r}: stock reload");
            AssertClose(expected[r], fromBatched[r], $"{kind} row {r}: batched reload");
            if (output == "Features")
            {
                AssertClose(expected[r], engine.Predict(new RawTextCase.TextRow { Text = test.Texts[r] }).Features, $"{kind} row {r}: stock engine");
            }
        }

        (stock as IDisposable)?.Dispose();
        (batched as IDisposable)?.Dispose();
        File.Delete(path);
    }

    [TestMethod]
    [DataRow("words")]
    [DataRow("chars")]
    public void SavedRawTextPipeline_LoadsInAnotherProcessWithPlainMlNet(string kind)
    {
        var test = RawTextCase.For(kind);
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model).Fit(data);
        var expected = Column(fitted.Transform(data));

        var (transform, engine) = SavedPipelines.ScoreInPlainMlNet(ml, fitted, data.Schema, test.Texts);

        foreach (var (part, rows) in new[] { ("transform", transform), ("engine", engine) })
        {
            Assert.AreEqual(expected.Count, rows.Count, part);
            for (var r = 0; r < rows.Count; r++)
            {
                AssertClose(expected[r], rows[r], $"{kind} {part} row {r} in the other process");
            }
        }
    }

    [TestMethod]
    public void Tiktoken_SaveRefuses_SayingWhyAndWhatToDo_FittedTransformerKeepsWorking()
    {
        var test = RawTextCase.Tiktoken;
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model).Fit(data);
        var path = SavedPipelines.NewPath();

        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(fitted, data.Schema, path));

        StringAssert.StartsWith(error.Message, $"Cannot save ApplyPositionalEmbedding on the raw-text column 'Text': the model '{test.Model}' splits text with 'tiktoken:r50k_base'");
        StringAssert.Contains(error.Message, "stock ML.NET alone, which has no transform for that tokenizer");
        StringAssert.Contains(error.Message, "Tokenize into a column of token ids first");
        Assert.AreEqual(test.Texts.Length, Column(fitted.Transform(data)).Count, "the fitted transformer still scores");
        Assert.IsTrue(File.Exists(path), "ML.NET creates the file before the transform refuses (the README says not to use it)");
        File.Delete(path);
    }
}
