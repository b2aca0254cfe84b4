using Microsoft.ML;
using Microsoft.ML.Data;
using static MlNetPositional.MLNet.Tests.PositionalEmbeddingEstimatorTests;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// An "estimator workout" in the manner of ML.NET's own tests: the schema the estimator declares is
/// the schema the transformer produces, bad input throws, and save -> load gives equal values.
/// </summary>
[TestClass]
public sealed class EstimatorWorkoutTests
{
    [TestMethod]
    [DataRow("text")]
    [DataRow("int32")]
    [DataRow("int64")]
    [DataRow("key")]
    public void Workout(string kind)
    {
        var ml = new MLContext(seed: 1);
        var text = ml.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = ["t2", "t5", "t3"] }, new TextRow { Tokens = ["t4"] } });
        var (data, column) = kind switch
        {
            "int32" => (ml.Data.LoadFromEnumerable(new[] { new Int32Row { Tokens = [2, 5, 3] }, new Int32Row { Tokens = [4] } }), "Tokens"),
            "int64" => (ml.Data.LoadFromEnumerable(new[] { new Int64Row { Tokens = [2, 5, 3] }, new Int64Row { Tokens = [4] } }), "Tokens"),
            "key" => (ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens").Fit(text).Transform(text), "Keys"),
            _ => (text, "Tokens"),
        };
        var estimator = ml.Transforms.ApplyPositionalEmbedding("Features", column, TestModels.Order);

        // Declared schema equals actual schema.
        var declared = estimator.GetOutputSchema(SchemaShapeOf(ml, data));
        using var transformer = estimator.Fit(data);
        var output = transformer.Transform(data);
        var actual = SchemaShapeOf(ml, output);
        Assert.AreEqual(actual.Count, declared.Count, $"{kind}: column count");
        foreach (var column2 in actual)
        {
            var match = declared.Single(c => c.Name == column2.Name);
            Assert.AreEqual(column2.Kind, match.Kind, $"{kind}: {column2.Name} kind");
            Assert.AreEqual(column2.ItemType, match.ItemType, $"{kind}: {column2.Name} item type");
            Assert.AreEqual(column2.IsKey, match.IsKey, $"{kind}: {column2.Name} key");
        }

        Assert.AreEqual(transformer.GetOutputSchema(data.Schema)["Features"].Type, output.Schema["Features"].Type);

        // Bad input throws: a data view without the column.
        var wrong = ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } }.Select(x => new OtherRow { Other = x.Other }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(wrong));

        // Save -> load gives equal values.
        var path = Path.Combine(Path.GetTempPath(), $"workout-{kind}-{Guid.NewGuid():N}.zip");
        ml.Model.Save(transformer, data.Schema, path);
        var loaded = new MLContext(seed: 3).Model.Load(path, out _);
        var before = Column(output);
        var after = Column(loaded.Transform(data));
        for (var r = 0; r < before.Count; r++)
        {
            AssertClose(before[r], after[r], $"{kind} row {r}");
        }
    }

    internal sealed class OtherRow
    {
        public float Other { get; set; }
    }
}
