using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace MlNetPositional.Testing;

/// <summary>A binary-classification metric of ML.NET's evaluator.</summary>
public enum BinaryMetric
{
    /// <summary>Share of correct predictions.</summary>
    Accuracy,

    /// <summary>Area under the ROC curve.</summary>
    AreaUnderRocCurve,

    /// <summary>F1 score of the positive class.</summary>
    F1Score,
}

/// <summary>A multiclass-classification metric of ML.NET's evaluator.</summary>
public enum MulticlassMetric
{
    /// <summary>Share of correct predictions.</summary>
    MicroAccuracy,

    /// <summary>Mean of the per-class accuracies.</summary>
    MacroAccuracy,
}

/// <summary>MSTest assertions on a saved ML.NET pipeline (a model zip).</summary>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// var sample = ml.Data.LoadFromTextFile&lt;Review&gt;("test.tsv", hasHeader: true);
/// PipelineAssert.LoadsAndScores("pipeline.zip", sample);
/// PipelineAssert.MeetsMetric("pipeline.zip", sample, BinaryMetric.Accuracy, minimum: 0.9);
/// </code>
/// </example>
public static class PipelineAssert
{
    /// <summary>The zip loads in a fresh MLContext and scores <paramref name="sample"/>; every Single or Single-vector output column holds finite values.</summary>
    public static void LoadsAndScores(string zipPath, IDataView sample)
    {
        var scored = Load(zipPath, out _).Transform(sample);
        var floats = scored.Schema.Where(c => c.Type == NumberDataViewType.Single || c.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n == NumberDataViewType.Single).ToList();
        using var cursor = scored.GetRowCursor(floats);
        var readers = floats.Select(c => (c.Name, Read: Reader(cursor, c))).ToList();
        long row = 0;
        while (cursor.MoveNext())
        {
            foreach (var (name, read) in readers)
            {
                var values = read();
                var bad = Array.FindIndex(values, v => !float.IsFinite(v));
                if (bad >= 0)
                {
                    throw new AssertFailedException($"PipelineAssert.LoadsAndScores failed for {zipPath}: column '{name}' has {values[bad]} at row {row}, value {bad}; expected finite outputs.");
                }
            }

            row++;
        }

        if (row == 0)
        {
            throw new AssertFailedException($"PipelineAssert.LoadsAndScores failed for {zipPath}: the sample has no rows to score.");
        }
    }

    /// <summary>The pipeline's binary-classification <paramref name="metric"/> on <paramref name="data"/> is at least <paramref name="minimum"/>; the message states the figure either way.</summary>
    public static double MeetsMetric(string zipPath, IDataView data, BinaryMetric metric, double minimum, string labelColumnName = "Label")
    {
        var ml = new MLContext(seed: 1);
        var metrics = ml.BinaryClassification.Evaluate(Load(zipPath, out _).Transform(data), labelColumnName);
        var value = metric switch
        {
            BinaryMetric.AreaUnderRocCurve => metrics.AreaUnderRocCurve,
            BinaryMetric.F1Score => metrics.F1Score,
            _ => metrics.Accuracy,
        };
        return Check(zipPath, metric.ToString(), value, minimum);
    }

    /// <summary>The pipeline's multiclass <paramref name="metric"/> on <paramref name="data"/> is at least <paramref name="minimum"/>.</summary>
    public static double MeetsMetric(string zipPath, IDataView data, MulticlassMetric metric, double minimum, string labelColumnName = "Label")
    {
        var ml = new MLContext(seed: 1);
        var metrics = ml.MulticlassClassification.Evaluate(Load(zipPath, out _).Transform(data), labelColumnName);
        return Check(zipPath, metric.ToString(), metric == MulticlassMetric.MacroAccuracy ? metrics.MacroAccuracy : metrics.MicroAccuracy, minimum);
    }

    private static double Check(string zipPath, string metric, double value, double minimum) =>
        value >= minimum
            ? value
            : throw new AssertFailedException(string.Create(CultureInfo.InvariantCulture, $"PipelineAssert.MeetsMetric failed for {zipPath}: {metric} is {value:F4}, expected at least {minimum:F4}."));

    private static ITransformer Load(string zipPath, out DataViewSchema schema)
    {
        if (!File.Exists(zipPath))
        {
            throw new AssertFailedException($"PipelineAssert failed: the pipeline {zipPath} does not exist.");
        }

        try
        {
            return new MLContext(seed: 1).Model.Load(zipPath, out schema);
        }
        catch (Exception e) when (e is not AssertFailedException)
        {
            throw new AssertFailedException($"PipelineAssert failed: {zipPath} does not load as an ML.NET model in a fresh MLContext: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static Func<float[]> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            return () =>
            {
                getter(ref buffer);
                return buffer.DenseValues().ToArray();
            };
        }

        var scalar = cursor.GetGetter<float>(column);
        return () =>
        {
            var value = 0f;
            scalar(ref value);
            return [value];
        };
    }
}
