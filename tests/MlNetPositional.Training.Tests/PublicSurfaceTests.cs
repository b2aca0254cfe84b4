using MlNetPositional.Training.Runs;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Training.Tests;

/// <summary>
/// The training package's public surface: the trainer and its run folder, specs and settings, the ONNX
/// exporter, PyTorch weight import and export, resize, task evaluation, <c>TrainPositionalEmbedding</c>
/// with its options, and the exceptions they throw. Modules, checkpoints' internals and data plumbing stay internal.
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void TrainingAssembly_ExportsExactlyTheUserFacingTypes()
    {
        var exported = PublicSurface.Of(typeof(Trainer).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.PositionalEmbeddingTrainingCatalog",
                "MlNetPositional.PositionalEmbeddingTrainingEstimator",
                "MlNetPositional.PositionalEmbeddingTrainingOptions",
                "MlNetPositional.Training.Checkpoints.CheckpointState",
                "MlNetPositional.Training.Checkpoints.InvalidCheckpointException",
                "MlNetPositional.Training.Corpus.CorpusSettings",
                "MlNetPositional.Training.Corpus.CorpusSource",
                "MlNetPositional.Training.Corpus.InvalidCorpusException",
                "MlNetPositional.Training.Export.OnnxExporter",
                "MlNetPositional.Training.PyTorch.ImportRequest",
                "MlNetPositional.Training.PyTorch.ImportedModel",
                "MlNetPositional.Training.PyTorch.ImportedModelWriter",
                "MlNetPositional.Training.PyTorch.InvalidWeightsException",
                "MlNetPositional.Training.PyTorch.WeightExporter",
                "MlNetPositional.Training.PyTorch.WeightImporter",
                "MlNetPositional.Training.PyTorch.WeightLayout",
                "MlNetPositional.Training.PyTorch.WeightLayoutNames",
                "MlNetPositional.Training.Resize.ModelResizer",
                "MlNetPositional.Training.Resize.ResizeMethod",
                "MlNetPositional.Training.Resize.ResizeMethodNames",
                "MlNetPositional.Training.Runs.RunFiles",
                "MlNetPositional.Training.Runs.Trainer",
                "MlNetPositional.Training.Runs.TrainingDivergedException",
                "MlNetPositional.Training.Runs.TrainingMetrics",
                "MlNetPositional.Training.Runs.TrainingProgress",
                "MlNetPositional.Training.Specs.ExportSettings",
                "MlNetPositional.Training.Specs.InvalidTrainingSpecException",
                "MlNetPositional.Training.Specs.TrainingSettings",
                "MlNetPositional.Training.Specs.TrainingSpec",
                "MlNetPositional.Training.Tasks.TaskEvaluation",
                "MlNetPositional.Training.Tasks.TaskEvaluationOptions",
                "MlNetPositional.Training.Tasks.TaskEvaluator",
                "MlNetPositional.Training.Tasks.TaskKind",
                "MlNetPositional.Training.Tasks.TaskKindNames",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void TrainingAssembly_ShowsItsInternalsOnlyToTestsAndBenchmarks()
    {
        CollectionAssert.AreEqual(new[] { "MlNetPositional.Benchmarks", "MlNetPositional.Cli.Tests", "MlNetPositional.Training.Tests" }, PublicSurface.FriendsOf(typeof(Trainer).Assembly));
    }
}
