using MlNetPositional.Contract;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Runs;

/// <summary>Small, fast specs and scratch directories for trainer tests.</summary>
internal static class TestRuns
{
    public static TrainingSpec Tiny(TaskKind task = TaskKind.Reverse, PositionalKind positional = PositionalKind.Learned, int steps = 30) => new()
    {
        Model = new ModelConfig { VocabSize = 16, MaxLength = 8, Dim = 16, Heads = 2, Layers = 1, Positional = positional },
        Training = new TrainingSettings { Task = task, Steps = steps, BatchSize = 16, LearningRate = 3e-3, EvalEvery = 10, EvalBatches = 2, Patience = 0, Seed = 11 },
    };

    public static string NewDirectory(string name) =>
        Path.Combine(Path.GetTempPath(), "mlnet-positional-tests", $"{name}-{Guid.NewGuid():N}");
}
