using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

[TestClass]
public sealed class PositionalEmbeddingEstimatorTests
{
    private static readonly string[][] Sentences =
    [
        ["t5", "t2", "t9", "t3"],
        ["t3", "t2"],
        ["t11", "t4", "t2", "t7", "t3", "t6"],
        ["t2", "unknown-word", "t3"],
    ];

    [TestMethod]
    public void TextTokens_MatchTheModelOnTheSameIds_UnknownIsUnk()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));

        var output = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data).Transform(data));

        using var model = PositionalEmbeddingModel.Load(TestModels.Order);
        var expected = model.Embed([.. Sentences.Select(s => s.Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray())]);
        Assert.AreEqual(model.Metadata.Vocabulary.UnknownId, model.Metadata.Vocabulary.IdOf("unknown-word"));
        for (var r = 0; r < Sentences.Length; r++)
        {
            AssertClose(expected[r].Pooled, output[r], $"row {r}");
        }
    }

    [TestMethod]
    public void Int32AndInt64AndKeys_GiveTheSameOutputAsText()
    {
        var ml = new MLContext(seed: 1);
        using var model = PositionalEmbeddingModel.Load(TestModels.Order);
        var ids = Sentences.Select(s => s.Select(t => model.Metadata.Vocabulary.IdOf(t)).ToArray()).ToArray();
        var text = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(text).Transform(text));

        var int32 = ml.Data.LoadFromEnumerable(ids.Select(i => new Int32Row { Tokens = i }));
        var int64 = ml.Data.LoadFromEnumerable(ids.Select(i => new Int64Row { Tokens = [.. i.Select(v => (long)v)] }));
        // Keys in an order unrelated to the model's vocabulary: they must be matched by their text.
        var keyed = ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(text).Transform(text);

        var fromInt32 = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(int32).Transform(int32));
        var fromInt64 = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(int64).Transform(int64));
        var fromKeys = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Keys", TestModels.Order).Fit(keyed).Transform(keyed));

        for (var r = 0; r < Sentences.Length; r++)
        {
            AssertClose(expected[r], fromInt32[r], $"int32 row {r}");
            AssertClose(expected[r], fromInt64[r], $"int64 row {r}");
            AssertClose(expected[r], fromKeys[r], $"keys row {r}");
        }
    }

    [TestMethod]
    public void Poolings_MeanMaxFirstNone_AsDefined()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        using var model = PositionalEmbeddingModel.Load(TestModels.Order);
        var results = model.Embed([.. Sentences.Select(s => s.Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray())]);
        var (dim, maxLength) = (model.Dim, model.MaxLength);

        var max = Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order, PositionalPooling.Max).Fit(data).Transform(data), "F");
        var first = Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order, PositionalPooling.First).Fit(data).Transform(data), "F");
        var none = Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order, PositionalPooling.None).Fit(data).Transform(data), "F");

        for (var r = 0; r < Sentences.Length; r++)
        {
            var tokens = Enumerable.Range(0, results[r].Length).Select(t => results[r].Token(t).ToArray()).ToList();
            AssertClose([.. Enumerable.Range(0, dim).Select(d => tokens.Max(v => v[d]))], max[r], $"max row {r}");
            AssertClose(tokens[0], first[r], $"first row {r}");
            Assert.AreEqual(maxLength * dim, none[r].Length);
            AssertClose([.. tokens.SelectMany(v => v), .. new float[(maxLength - tokens.Count) * dim]], none[r], $"none row {r}");
        }
    }

    [TestMethod]
    public void OverLength_TruncateKeepsTheFirstMaxLengthTokens_ErrorNamesRowAndLengths()
    {
        var ml = new MLContext(seed: 1);
        string[] longRow = ["t2", "t4", "t5", "t6", "t7", "t8", "t9", "t3", "t10", "t11"];
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = ["t2", "t3"] }, new TextRow { Tokens = longRow } });
        var truncatedData = ml.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = longRow[..8] } });

        var truncated = Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order).Fit(data).Transform(data), "F");
        var reference = Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order).Fit(truncatedData).Transform(truncatedData), "F");
        AssertClose(reference[0], truncated[1], "truncated to 8");

        var strict = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "F", InputColumnName = "Tokens", ModelPath = TestModels.Order, OverLength = PositionalOverLength.Error,
        }).Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<PositionalInputException>(() => Column(strict, "F"));
        StringAssert.Contains(error.Message, "Row 1");
        StringAssert.Contains(error.Message, "10 tokens");
        StringAssert.Contains(error.Message, "max length is 8");
    }

    [TestMethod]
    public void EmptySequence_GivesZeros()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = [] }, new TextRow { Tokens = ["t2"] } });

        var output = Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order).Fit(data).Transform(data), "F");

        Assert.IsTrue(output[0].All(v => v == 0));
        Assert.IsTrue(output[1].Any(v => v != 0));
    }

    [TestMethod]
    public void IdsOutsideVocabulary_ErrorNamesRowPositionAndValue()
    {
        var ml = new MLContext(seed: 1);
        var tooLarge = ml.Data.LoadFromEnumerable(new[] { new Int64Row { Tokens = [2, 3] }, new Int64Row { Tokens = [4, 12, 5] } });
        var negative = ml.Data.LoadFromEnumerable(new[] { new Int32Row { Tokens = [2, -3] } });

        var e1 = Assert.ThrowsExactly<PositionalInputException>(() => Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order).Fit(tooLarge).Transform(tooLarge), "F"));
        var e2 = Assert.ThrowsExactly<PositionalInputException>(() => Column(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order).Fit(negative).Transform(negative), "F"));

        StringAssert.Contains(e1.Message, "Token id 12 at row 1, position 1");
        StringAssert.Contains(e2.Message, "Token id -3 at row 0, position 1");
    }

    [TestMethod]
    public void SchemaErrors_AtFitAndGetOutputSchema_NameColumnAndType()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new MixedRow { Score = 1, Values = [1f, 2f], Text = "t2 t3" } });
        var shape = SchemaShapeOf(ml, data);

        foreach (var (column, expected) in new[] { ("Missing", "'Missing' not found"), ("Score", "'Score'"), ("Values", "Vector<Single"), ("Text", "'Text'") })
        {
            var estimator = ml.Transforms.ApplyPositionalEmbedding("F", column, TestModels.Order);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data)).Message, expected);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(shape)).Message, expected);
        }
    }

    [TestMethod]
    public void KeysWithoutKeyValues_FitExplainsWhy()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new RawKeyRow { Tokens = [2, 3] } });

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", TestModels.Order).Fit(data));

        StringAssert.Contains(error.Message, "Key column 'Tokens' has no key-value annotations");
    }
}
