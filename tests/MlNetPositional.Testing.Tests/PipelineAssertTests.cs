using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Examples;

namespace MlNetPositional.Testing.Tests;

/// <summary>Pipeline assertions: a saved pipeline loads, scores and meets a metric; a broken zip or a weak pipeline fails with the figure.</summary>
[TestClass]
public sealed class PipelineAssertTests
{
    [TestMethod]
    public void SavedPositionalPipeline_LoadsScoresAndMeetsAccuracy_BagOfTokensDoesNot_BrokenZipFails()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = (Sentences(ml, 600, 1), Sentences(ml, 300, 2));
        var folder = Models.NewFolder("pipelines");
        var positional = Save(ml, ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", Models.Order))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50)), train, Path.Combine(folder, "positional.zip"));
        var bag = Save(ml, ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens"))
            .Append(ml.Transforms.Text.ProduceNgrams("Features", "Keys", ngramLength: 1))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50)), train, Path.Combine(folder, "bag.zip"));
        var broken = Path.Combine(folder, "broken.zip");
        File.WriteAllBytes(broken, File.ReadAllBytes(positional)[..200]);

        PipelineAssert.LoadsAndScores(positional, test);
        var accuracy = PipelineAssert.MeetsMetric(positional, test, BinaryMetric.Accuracy, minimum: 0.9);
        var weak = Assert.ThrowsExactly<AssertFailedException>(() => PipelineAssert.MeetsMetric(bag, test, BinaryMetric.Accuracy, minimum: 0.9));
        var unloadable = Assert.ThrowsExactly<AssertFailedException>(() => PipelineAssert.LoadsAndScores(broken, test));

        Assert.IsTrue(accuracy >= 0.9);
        StringAssert.Matches(weak.Message, new System.Text.RegularExpressions.Regex(@"bag\.zip: Accuracy is 0\.\d{4}, expected at least 0\.9000"));
        StringAssert.Contains(unloadable.Message, "does not load as an ML.NET model in a fresh MLContext");
    }

    private static IDataView Sentences(MLContext ml, int rows, int seed) =>
        ml.Data.LoadFromEnumerable(OrderSentences.Generate(rows, seed, maxWords: 8, vocabularySize: 12).Select(s => new Row { Text = s.Text, Label = s.Label }).ToList());

    private static string Save(MLContext ml, IEstimator<ITransformer> pipeline, IDataView train, string path)
    {
        var model = pipeline.Fit(train);
        ml.Model.Save(model, train.Schema, path);
        (model as IDisposable)?.Dispose();
        return path;
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
