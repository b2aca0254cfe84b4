using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// A rope model has no position table: ApplyPositionalEmbedding passes sequences of any length and
/// cuts only at an explicit MaxLength, which Pooling None needs; the saved stock chain does the same.
/// </summary>
[TestClass]
public sealed class NoLengthLimitTests
{
    private static readonly string[][] Sentences =
    [
        [.. Enumerable.Range(0, 20).Select(i => $"t{2 + (i % 10)}")],
        ["t3", "t4"],
        [.. Enumerable.Range(0, 13).Select(i => $"t{11 - (i % 9)}")],
    ];

    [TestMethod]
    public void RopeModel_SequencesPastTheTrainingLength_AreEmbeddedWhole()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Rope).Fit(data);
        using var model = PositionalEmbeddingModel.Load(TestModels.Rope);

        var expected = model.Embed([.. Sentences.Select(s => s.Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray())]).Select(r => r.Pooled).ToList();

        Assert.AreEqual(int.MaxValue, fitted.MaxSequenceLength);
        AssertClose(expected, Column(fitted.Transform(data)), 1e-5f, "batched");
        var path = Path.Combine(Directory.CreateTempSubdirectory("rope-save-").FullName, "pipeline.zip");
        ml.Model.Save(fitted, data.Schema, path);
        AssertClose(expected, Column(new MLContext(seed: 2).Model.Load(path, out _).Transform(data)), 1e-5f, "saved stock chain");
    }

    [TestMethod]
    public void RopeModel_ExplicitMaxLength_CutsThere()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions { InputColumnName = "Tokens", ModelPath = TestModels.Rope, MaxLength = 5 }).Fit(data);
        using var model = PositionalEmbeddingModel.Load(TestModels.Rope);

        var expected = model.Embed([.. Sentences.Select(s => s.Take(5).Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray())]).Select(r => r.Pooled).ToList();

        AssertClose(expected, Column(fitted.Transform(data)), 1e-5f, "truncated at MaxLength 5");
    }

    [TestMethod]
    public void PoolingNone_NeedsMaxLengthForAModelWithoutALimit()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));
        var withoutLength = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions { InputColumnName = "Tokens", ModelPath = TestModels.Rope, Pooling = PositionalPooling.None });

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => withoutLength.Fit(data));
        using var withLength = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions { InputColumnName = "Tokens", ModelPath = TestModels.Rope, Pooling = PositionalPooling.None, MaxLength = 12 }).Fit(data);

        Assert.AreEqual("MaxLength", error.ParamName);
        StringAssert.Contains(error.Message, "has no length limit: set MaxLength");
        Assert.AreEqual(12 * 16, withLength.OutputType.Size);
    }

    [TestMethod]
    public void LearnedTable_MaxLengthPastItsRows_IsRefused()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TextRow { Tokens = s }));

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions { InputColumnName = "Tokens", ModelPath = TestModels.Order, MaxLength = 9 }).Fit(data));

        StringAssert.Contains(error.Message, "MaxLength (9) is past the model's position table of 8 rows");
    }

    private static List<float[]> Column(IDataView data) => [.. data.GetColumn<float[]>("Features")];

    private static void AssertClose(IReadOnlyList<float[]> expected, IReadOnlyList<float[]> actual, float tolerance, string what)
    {
        Assert.AreEqual(expected.Count, actual.Count, what);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var i = 0; i < expected[r].Length; i++)
            {
                Assert.AreEqual(expected[r][i], actual[r][i], tolerance, $"{what}: row {r}, value {i}");
            }
        }
    }

    private sealed class TextRow
    {
        [VectorType]
        public string[] Tokens { get; set; } = [];
    }
}
