using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests.Text;

/// <summary>
/// ApplyPositionalEmbedding on a raw-text column splits it with the model's own tokenizer: the
/// vectors are those of the token path fed the same tokens, batched and through a PredictionEngine;
/// over-long rows follow OverLength; a model that cannot split text refuses raw text, naming the column.
/// </summary>
[TestClass]
public sealed class RawTextTests
{
    [TestMethod]
    [DataRow("words", PositionalPooling.Mean)]
    [DataRow("words", PositionalPooling.None)]
    [DataRow("chars", PositionalPooling.Mean)]
    [DataRow("chars", PositionalPooling.None)]
    [DataRow("tiktoken", PositionalPooling.Mean)]
    [DataRow("tiktoken", PositionalPooling.None)]
    public void RawText_SameVectorsAsTheTokenPathFedTheSameTokens(string kind, PositionalPooling pooling)
    {
        var test = RawTextCase.For(kind);
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        var tokens = test.Tokens(ml, data);

        using var fromText = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model, pooling).Fit(data);
        using var fromTokens = ml.Transforms.ApplyPositionalEmbedding("Features", RawTextCase.TokenColumn, test.Model, pooling).Fit(tokens);
        var actual = Column(fromText.Transform(data));
        var expected = Column(fromTokens.Transform(tokens));

        Assert.AreEqual(test.Texts.Length, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], actual[r], $"{kind} {pooling} row {r}");
        }

        Assert.IsTrue(actual[0].Zip(actual[1], (a, b) => Math.Abs(a - b)).Max() > 1e-3, "different texts give different vectors");
        Assert.IsTrue(actual[Array.IndexOf(test.Texts, "")].All(v => v == 0), "an empty text has no tokens: zeros");
    }

    [TestMethod]
    [DataRow("words")]
    [DataRow("chars")]
    [DataRow("tiktoken")]
    public void PredictionEngineAndRowMapper_GiveTheBatchedVectors(string kind)
    {
        var test = RawTextCase.For(kind);
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model).Fit(data);
        var batched = Column(fitted.Transform(data));

        var engine = ml.Model.CreatePredictionEngine<RawTextCase.TextRow, RawTextCase.Prediction>(fitted);
        var mapper = fitted.GetRowToRowMapper(data.Schema);
        using var cursor = data.GetRowCursor(data.Schema);
        using var row = mapper.GetRow(cursor, [mapper.OutputSchema["Features"]]);
        var features = row.GetGetter<VBuffer<float>>(mapper.OutputSchema["Features"]);
        var value = default(VBuffer<float>);
        for (var r = 0; r < test.Texts.Length; r++)
        {
            AssertClose(batched[r], engine.Predict(new RawTextCase.TextRow { Text = test.Texts[r] }).Features, $"{kind} engine row {r}");
            Assert.IsTrue(cursor.MoveNext());
            features(ref value);
            AssertClose(batched[r], value.DenseValues().ToArray(), $"{kind} row mapper row {r}");
        }

        CollectionAssert.AreEqual(new[] { mapper.InputSchema["Text"] }, mapper.GetDependencies([mapper.OutputSchema["Features"]]).ToArray(), "the embedding needs the text column alone");
    }

    [TestMethod]
    public void OutputSchema_IsTheInputAndTheEmbedding_NoTokenColumnShows()
    {
        var test = RawTextCase.Words;
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model).Fit(data);
        var declared = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model).GetOutputSchema(SchemaShapeOf(ml, data));

        var schema = fitted.Transform(data).Schema;

        CollectionAssert.AreEqual(new[] { "Text", "Features" }, schema.Select(c => c.Name).ToArray(), "no temporary column, hidden or not");
        Assert.AreEqual(32, ((VectorDataViewType)schema["Features"].Type).Size);
        var declaredFeatures = declared.Single(c => c.Name == "Features");
        Assert.AreEqual((SchemaShape.Column.VectorKind.Vector, (DataViewType)NumberDataViewType.Single), (declaredFeatures.Kind, declaredFeatures.ItemType));
        Assert.AreEqual(TokenColumnKind.RawText, PositionalEmbeddingColumns.KindOf(data.Schema, "Text"));
        Assert.AreEqual(TokenColumnKind.RawText, PositionalEmbeddingColumns.KindOf(SchemaShapeOf(ml, data), "Text"));
    }

    [TestMethod]
    public void InPlace_TheEmbeddingReplacesTheTextColumn()
    {
        var test = RawTextCase.Words;
        var ml = new MLContext(seed: 1);
        var data = test.Data(ml);
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Text", test.Model).Fit(data).Transform(data));

        var inPlace = ml.Transforms.ApplyPositionalEmbedding("Text", "Text", test.Model).Fit(data).Transform(data);

        CollectionAssert.AreEqual(new[] { "Text", "Text" }, inPlace.Schema.Select(c => c.Name).ToArray());
        Assert.IsTrue(inPlace.Schema[0].IsHidden);
        var actual = Column(inPlace, "Text");
        for (var r = 0; r < expected.Count; r++)
        {
            AssertClose(expected[r], actual[r], $"row {r}");
        }
    }

    [TestMethod]
    public void OverLength_ErrorNamesRowAndColumn_TruncateKeepsTheFirstTokens()
    {
        var test = RawTextCase.Words;
        var ml = new MLContext(seed: 1);
        string[] texts = ["the cat", "the cat sat on the mat a big dog ran"];   // 10 words, 8 positions
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new RawTextCase.TextRow { Text = t }));
        var firstEight = ml.Data.LoadFromEnumerable(new[] { new TokensRow { Tokens = ["the", "cat"] }, new TokensRow { Tokens = ["the", "cat", "sat", "on", "the", "mat", "a", "big"] } });

        var error = Assert.ThrowsExactly<PositionalInputException>(() => Column(ml.Transforms.ApplyPositionalEmbedding(Options(test.Model, PositionalOverLength.Error)).Fit(data).Transform(data)));
        var truncated = Column(ml.Transforms.ApplyPositionalEmbedding(Options(test.Model, PositionalOverLength.Truncate)).Fit(data).Transform(data));
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", test.Model).Fit(firstEight).Transform(firstEight));

        Assert.AreEqual("Row 1 of column 'Text' has 10 tokens; the model's max length is 8.", error.Message);
        Assert.AreEqual(1, error.Row);
        AssertClose(expected[0], truncated[0], "short row");
        AssertClose(expected[1], truncated[1], "truncated row");
    }

    [TestMethod]
    public void ModelWithoutTokenizerRecord_RefusesRawText_AtFitAndGetOutputSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new RawTextCase.TextRow { Text = "t2 t3" } });
        var estimator = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", TestModels.Order);

        var atFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        var atShape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapeOf(ml, data)));

        foreach (var error in new[] { atFit, atShape })
        {
            StringAssert.StartsWith(error.Message, "Column 'Text' is raw text (a scalar Text column), but the model '");
            StringAssert.Contains(error.Message, "has no tokenizer record: it was trained on token ids");
            StringAssert.Contains(error.Message, "Give ApplyPositionalEmbedding a token column instead");
        }

        StringAssert.Contains(atFit.Message, TestModels.Order);
    }

    private static PositionalEmbeddingOptions Options(string model, PositionalOverLength overLength) =>
        new() { OutputColumnName = "Features", InputColumnName = "Text", ModelPath = model, OverLength = overLength };

    private sealed class TokensRow
    {
        [VectorType]
        public string[] Tokens { get; set; } = [];
    }
}
