using Microsoft.ML;
using Microsoft.ML.Data;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// An "estimator workout" as thorough as ML.NET's own TestEstimatorCore: the declared SchemaShape is
/// the delivered one, invalid input throws at GetOutputSchema, Fit and Transform (fitted and
/// reloaded), the reloaded model propagates the same schema and gives the same values through every
/// subset of columns, shuffled and as a cursor set. Run for every input kind (raw text too, with the
/// order model's vocabulary under an <c>mlnet-words</c> tokenizer record) and for an output that is
/// new, reuses an earlier column's name, or replaces the input in place.
/// </summary>
[TestClass]
public sealed class EstimatorWorkoutTests
{
    [TestMethod]
    [DataRow("text", "Features")]
    [DataRow("int32", "Features")]
    [DataRow("int64", "Features")]
    [DataRow("key", "Features")]
    [DataRow("int64", "Before")]
    [DataRow("text", "After")]
    [DataRow("key", "Tokens")]
    [DataRow("int32", "Tokens")]
    [DataRow("raw", "Features")]
    [DataRow("raw", "After")]
    [DataRow("raw", "Tokens")]
    public void Workout(string kind, string output)
    {
        var ml = new MLContext(seed: 1);
        var data = WorkoutData(ml, kind);
        var modelPath = kind == "raw" ? WordsModel.Value : TestModels.Order;
        var estimator = ml.Transforms.ApplyPositionalEmbedding(output, "Tokens", modelPath);
        var invalid = ml.Data.LoadFromEnumerable(new[] { new OtherRow { Other = 1 } });
        var wrongType = ml.Data.LoadFromEnumerable(new[] { new WrongTypeRow { Tokens = [1f] } });

        // Schema propagation of the estimator, and its refusals.
        var declared = estimator.GetOutputSchema(SchemaShapeOf(ml, data));
        foreach (var bad in new[] { invalid, wrongType })
        {
            MustFail(() => estimator.GetOutputSchema(SchemaShapeOf(ml, bad)), "estimator schema");
            MustFail(() => estimator.Fit(bad), "estimator fit");
        }

        using var transformer = estimator.Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"workout-{kind}-{output}-{Guid.NewGuid():N}.zip");
        ml.Model.Save(transformer, data.Schema, path);
        var loaded = new MLContext(seed: 3).Model.Load(path, out var loadedInputSchema);
        var batched = new MLContext(seed: 4).Model.LoadWithBatchedPositionalEmbedding(path, out _);
        File.Delete(path);

        // Schemas: transformer, row mapper, transformed data, loaded models.
        var schema = transformer.GetOutputSchema(data.Schema);
        var mapper = transformer.GetRowToRowMapper(data.Schema);
        Assert.AreSame(data.Schema, mapper.InputSchema);
        SchemaAssert.Same(schema, mapper.OutputSchema, "mapper");
        SchemaAssert.Same(schema, loaded.GetOutputSchema(data.Schema), "loaded");
        SchemaAssert.Same(schema, batched.GetOutputSchema(data.Schema), "batched-loaded");
        SchemaAssert.Same(data.Schema, loadedInputSchema, "saved input schema");
        var scored = transformer.Transform(data);
        SchemaAssert.Same(schema, scored.Schema, "transformed");
        SchemaAssert.SameShape(declared, SchemaShapeOf(ml, scored), "declared vs delivered");
        Assert.AreEqual(output is "Before" or "After" or "Tokens", scored.Schema.Any(c => c.IsHidden && c.Name == output), "a reused name hides the old column");

        // Values: the reloaded models agree with the transformer through every subset of
        // {output, a column before it, a column after it}, shuffled, and as a cursor set.
        var interesting = new[] { scored.Schema[output], scored.Schema.First(c => c.Name == "Before"), scored.Schema.Last(c => c.Name == "After") }.DistinctBy(c => c.Index).ToArray();
        foreach (var other in new[] { loaded.Transform(data), batched.Transform(data) })
        {
            foreach (var subset in Subsets(interesting))
            {
                var expected = DataViewValues.ReadAll(scored, subset);
                var actual = DataViewValues.ReadAll(other, subset.Select(c => other.Schema[c.Index]));
                AssertSameValues(expected, actual, scored.Schema[output].Index, $"{kind}/{output} [{string.Join(", ", subset.Select(c => c.Name))}]");
            }
        }

        var cached = ml.Data.Cache(data);
        var shuffledOnce = DataViewValues.ReadAll(transformer.Transform(cached), interesting, new Random(5));
        var shuffledAgain = DataViewValues.ReadAll(batched.Transform(cached), interesting, new Random(5));
        AssertSameValues(shuffledOnce, shuffledAgain, scored.Schema[output].Index, "shuffled with one seed");
        Assert.AreEqual(1, scored.GetRowCursorSet(interesting, 3).Length);

        // Refusals of the fitted and the reloaded transformers.
        foreach (var model in new ITransformer[] { transformer, loaded, batched })
        {
            foreach (var bad in new[] { invalid, wrongType })
            {
                MustFail(() => model.GetOutputSchema(bad.Schema), model.GetType().Name);
                MustFail(() => model.Transform(bad), model.GetType().Name);
            }
        }

        (loaded as IDisposable)?.Dispose();
        (batched as IDisposable)?.Dispose();
    }

    /// <summary>Columns Before (float), Tokens (the kind under test), After (text).</summary>
    private static IDataView WorkoutData(MLContext ml, string kind)
    {
        var rows = Enumerable.Range(0, 30).Select(i => new WorkoutRow<string>
        {
            Before = i,
            Tokens = [.. Enumerable.Range(0, 1 + (i % 9)).Select(t => $"t{2 + ((i + t) % 10)}")],
            After = $"after-{i}",
        }).ToArray();
        var text = ml.Data.LoadFromEnumerable(rows);
        return kind switch
        {
            "text" => text,
            "key" => ml.Transforms.Conversion.MapValueToKey("Tokens").Fit(text).Transform(text),
            "raw" => ml.Data.LoadFromEnumerable(rows.Select(r => new RawTextRow { Before = r.Before, Tokens = string.Join(' ', r.Tokens.Select(t => t.ToUpperInvariant())), After = r.After })),
            _ => IdsView(ml, rows, kind),
        };
    }

    /// <summary>The order model under an <c>mlnet-words</c> tokenizer record: raw text "T2 T5" is its tokens t2 t5.</summary>
    private static readonly Lazy<string> WordsModel = new(() => TokenizerModels.With(MlNetPositional.Text.TextTokenizer.MlNetWords, TokenizerModels.OrderVocabulary));

    /// <summary>The same rows as model ids: the order model's token "tK" has id K.</summary>
    private static IDataView IdsView(MLContext ml, WorkoutRow<string>[] rows, string kind)
    {
        long Id(string token) => long.Parse(token[1..], System.Globalization.CultureInfo.InvariantCulture);
        return kind == "int32"
            ? ml.Data.LoadFromEnumerable(rows.Select(r => new WorkoutRow<int> { Before = r.Before, Tokens = [.. r.Tokens.Select(t => (int)Id(t))], After = r.After }))
            : ml.Data.LoadFromEnumerable(rows.Select(r => new WorkoutRow<long> { Before = r.Before, Tokens = [.. r.Tokens.Select(Id)], After = r.After }));
    }

    /// <summary>
    /// As ML.NET's mustFail: a schema error is an ArgumentOutOfRangeException or an
    /// InvalidOperationException (the stock chain throws the latter); ours throw the former.
    /// </summary>
    private static void MustFail(Action action, string what)
    {
        var error = Assert.Throws<Exception>(action, what);
        Assert.IsTrue(error is ArgumentOutOfRangeException or InvalidOperationException, $"{what}: {error.GetType().Name}: {error.Message}");
    }

    private static IEnumerable<DataViewSchema.Column[]> Subsets(DataViewSchema.Column[] columns)
    {
        for (var mask = 1; mask < 1 << columns.Length; mask++)
        {
            yield return [.. columns.Where((_, i) => (mask & (1 << i)) != 0)];
        }
    }

    /// <summary>Equal values column by column; the embedding within 1e-6 (loaded stock chains score one row at a time).</summary>
    private static void AssertSameValues(Dictionary<int, List<string>> expected, Dictionary<int, List<string>> actual, int embedding, string what)
    {
        CollectionAssert.AreEquivalent(expected.Keys.ToArray(), actual.Keys.ToArray(), what);
        foreach (var (column, values) in expected)
        {
            Assert.AreEqual(values.Count, actual[column].Count, $"{what}: rows of column {column}");
            for (var r = 0; r < values.Count; r++)
            {
                if (column == embedding)
                {
                    AssertClose(Floats(values[r]), Floats(actual[column][r]), $"{what}: row {r}");
                }
                else
                {
                    Assert.AreEqual(values[r], actual[column][r], $"{what}: column {column}, row {r}");
                }
            }
        }
    }

    private static float[] Floats(string vector) =>
        [.. vector.Trim('[', ']').Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Before (float), Tokens (vector of <typeparamref name="T"/>), After (text).</summary>
    internal sealed class WorkoutRow<T>
    {
        public float Before { get; set; }

        [VectorType]
        public T[] Tokens { get; set; } = [];

        public string After { get; set; } = "";
    }

    /// <summary>Before (float), Tokens (raw text), After (text).</summary>
    internal sealed class RawTextRow
    {
        public float Before { get; set; }

        public string Tokens { get; set; } = "";

        public string After { get; set; } = "";
    }

    internal sealed class OtherRow
    {
        public float Other { get; set; }
    }

    internal sealed class WrongTypeRow
    {
        [VectorType]
        public float[] Tokens { get; set; } = [];
    }
}
