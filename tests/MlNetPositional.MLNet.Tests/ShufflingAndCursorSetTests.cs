using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Shuffled cursors keep each row's own embedding; a cursor set is one correct cursor.</summary>
[TestClass]
public sealed class ShufflingAndCursorSetTests
{
    [TestMethod]
    public void CanShuffle_FollowsTheInput()
    {
        var ml = new MLContext(seed: 1);
        var streaming = ml.Data.LoadFromEnumerable(WideRows.Create());
        var cached = ml.Data.Cache(streaming);
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", TestModels.Order).Fit(streaming);

        Assert.IsFalse(streaming.CanShuffle);
        Assert.IsFalse(transformer.Transform(streaming).CanShuffle);
        Assert.IsTrue(cached.CanShuffle);
        Assert.IsTrue(transformer.Transform(cached).CanShuffle);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(64)]
    public void ShuffledCursor_JoinedBackByName_EqualsTheUnshuffledRows(int batchSize)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(WideRows.Create(count: 150)));
        using var transformer = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "A", InputColumnName = "Ids", ModelPath = TestModels.Order, BatchSize = batchSize,
        }).Fit(data);
        var output = transformer.Transform(data);
        var columns = output.Schema.Where(c => !c.IsHidden).ToArray();

        var ordered = ByName(DataViewValues.ReadAll(output, columns), output.Schema);
        var shuffled = DataViewValues.ReadAll(output, columns, new Random(11));
        var shuffledByName = ByName(shuffled, output.Schema);

        var nameColumn = output.Schema["Name"].Index;
        CollectionAssert.AreNotEqual(ordered.Keys.ToArray(), shuffled[nameColumn], "the cursor really shuffled");
        CollectionAssert.AreEquivalent(ordered.Keys.ToArray(), shuffledByName.Keys.ToArray());
        // A row's batch companions differ between the two orders, and so does the padded length of
        // its batch: the embedding may differ in the last float bits, every other column exactly.
        var embedding = Array.IndexOf(columns, output.Schema["A"]);
        foreach (var (name, row) in ordered)
        {
            for (var c = 0; c < row.Count; c++)
            {
                if (c == embedding)
                {
                    TestViews.AssertClose(Floats(row[c]), Floats(shuffledByName[name][c]), $"embedding of {name}");
                }
                else
                {
                    Assert.AreEqual(row[c], shuffledByName[name][c], $"column {columns[c].Name} of {name}");
                }
            }
        }
    }

    [TestMethod]
    public void ShuffledCursorOverAnInputThatDoesNotRepeatItsShuffle_ThrowsInsteadOfMixingRows()
    {
        var ml = new MLContext(seed: 1);
        var data = new UnrepeatableShuffle(ml.Data.Cache(ml.Data.LoadFromEnumerable(WideRows.Create(count: 50))));
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", TestModels.Order).Fit(data);
        var output = transformer.Transform(data);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DataViewValues.ReadAll(output, [output.Schema["Features"], output.Schema["Name"]], new Random(3)));

        StringAssert.Contains(error.Message, "same shuffling seed different rows");
    }

    [TestMethod]
    public void CursorSet_IsOneCursorWithEveryRowInOrder()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(WideRows.Create(count: 100)));
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", TestModels.Order).Fit(data);
        var output = transformer.Transform(data);
        var columns = new[] { output.Schema["Features"], output.Schema["Name"] };
        var expected = DataViewValues.ReadAll(output, columns);

        var cursors = output.GetRowCursorSet(columns, 4);

        Assert.AreEqual(1, cursors.Length);
        using var cursor = cursors[0];
        var readers = columns.Select(c => DataViewValues.Reader(cursor, c)).ToArray();
        var rows = 0;
        while (cursor.MoveNext())
        {
            for (var c = 0; c < columns.Length; c++)
            {
                Assert.AreEqual(expected[columns[c].Index][rows], readers[c](), $"row {rows}, column {columns[c].Name}");
            }

            rows++;
        }

        Assert.AreEqual(100, rows);
    }

    [TestMethod]
    public void ShufflingTrainer_AfterTheTransform_LearnsTheTask()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LabelledText.Order(600, seed: 8));
        // SDCA asks for shuffled cursors over the cached features on every pass.
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(LabelledText.Text))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order))
            .AppendCacheCheckpoint(ml)
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 30));

        var metrics = ml.BinaryClassification.Evaluate(pipeline.Fit(data).Transform(data));

        Assert.IsTrue(metrics.Accuracy >= 0.9, $"accuracy {metrics.Accuracy}");
    }

    private static float[] Floats(string vector) =>
        [.. vector.Trim('[', ']').Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    private static Dictionary<string, List<string>> ByName(Dictionary<int, List<string>> values, DataViewSchema schema)
    {
        var names = values[schema["Name"].Index];
        var columns = values.Keys.Order().ToArray();
        return names.Select((name, row) => (name, row)).ToDictionary(x => x.name, x => columns.Select(c => values[c][x.row]).ToList());
    }

    /// <summary>A shuffling view that ignores the seed it is given: two cursors never share an order.</summary>
    private sealed class UnrepeatableShuffle(IDataView inner) : IDataView
    {
        private int _calls;

        public bool CanShuffle => true;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            inner.GetRowCursor(columnsNeeded, rand is null ? null : new Random(Interlocked.Increment(ref _calls)));

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }
}
