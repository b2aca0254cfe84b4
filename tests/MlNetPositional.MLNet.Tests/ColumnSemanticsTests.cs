using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// The transform keeps the column semantics of a stock ML.NET transform: an output that reuses a
/// column name hides the old column, in-place output works, and every other column keeps its values
/// whatever subset of columns a cursor activates.
/// </summary>
[TestClass]
public sealed class ColumnSemanticsTests
{
    [TestMethod]
    public void OutputNamedLikeAnEarlierColumn_HidesIt_LaterColumnsKeepTheirValues()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(WideRows.Create());
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("A", "Ids", TestModels.Order).Fit(data);

        var output = transformer.Transform(data);

        Assert.AreEqual(data.Schema.Count + 1, output.Schema.Count);
        Assert.IsTrue(output.Schema[0].IsHidden, "the old A stays, hidden");
        Assert.AreEqual("A", output.Schema[0].Name);
        Assert.AreEqual(1, output.Schema["A"].Index, "A now names the embedding, placed right after the column it hides, as ML.NET places it");
        CollectionAssert.AreEqual(WideRows.Create().Select(r => r.B).ToArray(), output.GetColumn<string>("B").ToArray());
        CollectionAssert.AreEqual(WideRows.Create().Select(r => r.Name).ToArray(), output.GetColumn<string>("Name").ToArray());
        var expected = Embeddings(ml, data, "Ids");
        var actual = output.GetColumn<float[]>("A").ToList();
        for (var r = 0; r < expected.Count; r++)
        {
            CollectionAssert.AreEqual(expected[r], actual[r], $"row {r}");
        }
    }

    [TestMethod]
    public void InPlace_ReplacesTheTokenColumn_AndSavesAndLoads()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(WideRows.Create());
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Ids", "Ids", TestModels.Order).Fit(data);

        var output = transformer.Transform(data);

        Assert.IsTrue(output.Schema[1].IsHidden);
        Assert.AreEqual(2, output.Schema["Ids"].Index);
        Assert.AreEqual(NumberDataViewType.Single, ((VectorDataViewType)output.Schema["Ids"].Type).ItemType);
        var expected = Embeddings(ml, data, "Ids");
        var actual = output.GetColumn<float[]>("Ids").ToList();
        for (var r = 0; r < expected.Count; r++)
        {
            CollectionAssert.AreEqual(expected[r], actual[r], $"row {r}");
        }

        var path = Path.Combine(Path.GetTempPath(), $"in-place-{Guid.NewGuid():N}.zip");
        ml.Model.Save(transformer, data.Schema, path);
        var loaded = new MLContext(seed: 2).Model.Load(path, out _).Transform(data);
        var reloaded = loaded.GetColumn<float[]>("Ids").ToList();
        for (var r = 0; r < expected.Count; r++)
        {
            TestViews.AssertClose(expected[r], reloaded[r], $"reloaded row {r}");
        }
    }

    [TestMethod]
    [DataRow("A")]
    [DataRow("Ids")]
    [DataRow("Fresh")]
    public void EverySubsetOfColumns_GivesEachColumnItsOwnValues(string outputName)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(WideRows.Create());
        using var transformer = ml.Transforms.ApplyPositionalEmbedding(outputName, "Ids", TestModels.Order).Fit(data);
        var output = transformer.Transform(data);
        var reference = DataViewValues.ReadAll(output, output.Schema);

        foreach (var subset in DataViewValues.Subsets(output.Schema))
        {
            var values = DataViewValues.ReadAll(output, subset);
            foreach (var column in subset)
            {
                CollectionAssert.AreEqual(reference[column.Index], values[column.Index], $"column {column.Index} ({column.Name}) with [{string.Join(", ", subset.Select(c => c.Index))}] active");
            }
        }
    }

    private static List<float[]> Embeddings(MLContext ml, IDataView data, string column)
    {
        var only = ml.Transforms.SelectColumns(column).Fit(data).Transform(data);
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Out", column, TestModels.Order).Fit(only);
        return [.. transformer.Transform(only).GetColumn<float[]>("Out")];
    }
}
