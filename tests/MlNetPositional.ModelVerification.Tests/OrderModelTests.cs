using System.Reflection;
using Microsoft.ML;
using MlNetPositional.Examples;
using MlNetPositional.Testing;

namespace MlNetPositional.ModelVerification.Tests;

/// <summary>
/// What a team's CI suite checks about the model its build exports: it meets the contract, its
/// positions were learned, it did not drift from the accepted model, and the pipeline built on it
/// still meets its accuracy. To accept a changed model on purpose, run once with
/// MLNET_POSITIONAL_RECORD_GOLDEN=1, review the diff of the golden file, and commit it.
/// </summary>
[TestClass]
public sealed class OrderModelTests
{
    private static readonly string Repository =
        typeof(OrderModelTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly string Model = Path.Combine(Repository, "onnx", "order.onnx");

    [TestMethod]
    public void ExportedModel_MeetsTheContract() => PositionalModelAssert.IsValid(Model);

    [TestMethod]
    public void ExportedModel_LearnedItsPositions() => PositionalModelAssert.IsPositionSensitive(Model, minChange: 0.05);

    [TestMethod]
    public void AcceptedModel_HasNotDrifted()
    {
        // The accepted model is committed beside its golden file: the export step retrains on every
        // clean build, and another CPU's float rounding can move a retrain's weights, which is exactly
        // what this check reports. Teams that build on one kind of machine compare the fresh export.
        var folder = Path.Combine(Repository, "tests", "MlNetPositional.ModelVerification.Tests", "Golden");   // in source control
        var (accepted, golden) = (Path.Combine(folder, "order-reference.onnx"), Path.Combine(folder, "order-reference.json"));
        if (Environment.GetEnvironmentVariable("MLNET_POSITIONAL_RECORD_GOLDEN") == "1")
        {
            GoldenOutputs.Record(accepted, golden);
        }

        PositionalModelAssert.MatchesGolden(accepted, golden, tolerance: 1e-4);
    }

    [TestMethod]
    public void PipelineOnTheModel_MeetsItsAccuracy()
    {
        var ml = new MLContext(seed: 1);
        IDataView Sentences(int rows, int seed) => ml.Data.LoadFromEnumerable(
            OrderSentences.Generate(rows, seed, maxWords: 16, vocabularySize: 16).Select(s => new Row { Text = s.Text, Label = s.Label }).ToList());
        var train = Sentences(800, 1);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Row.Text))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", Model))
            .AppendCacheCheckpoint(ml)
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50));
        var path = Path.Combine(Directory.CreateTempSubdirectory("verify-").FullName, "pipeline.zip");
        ml.Model.Save(pipeline.Fit(train), train.Schema, path);

        var test = Sentences(400, 2);
        PipelineAssert.LoadsAndScores(path, test);
        PipelineAssert.MeetsMetric(path, test, BinaryMetric.Accuracy, minimum: 0.9);
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
