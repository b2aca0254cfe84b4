using MlNetPositional.Contract;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Runs;

/// <summary>
/// The point of the project, on small settings: with positions the tasks are learned, without them
/// an encoder stays near chance. (The README's full-size run: reverse, max length 32, 400 steps.)
/// </summary>
[TestClass]
[TestCategory("Training")]
public sealed class PositionContrastTests
{
    private static double Accuracy(TaskKind task, PositionalKind positional) => Trainer.Train(new TrainingSpec
    {
        Model = new ModelConfig { VocabSize = 12, MaxLength = 8, Dim = 32, Heads = 2, Layers = 2, Positional = positional },
        Training = new TrainingSettings { Task = task, Steps = 250, BatchSize = 128, EvalEvery = 50, Seed = 1 },
    }, TestRuns.NewDirectory($"{task}-{positional}")).EvalAccuracy;

    [TestMethod]
    public void Reverse_LearnedAndSinusoidalLearn_NoneStaysLow()
    {
        var learned = Accuracy(TaskKind.Reverse, PositionalKind.Learned);
        var sinusoidal = Accuracy(TaskKind.Reverse, PositionalKind.Sinusoidal);
        var none = Accuracy(TaskKind.Reverse, PositionalKind.None);

        Assert.IsTrue(learned >= 0.97, $"learned {learned}");
        Assert.IsTrue(sinusoidal >= 0.9, $"sinusoidal {sinusoidal}");
        Assert.IsTrue(none <= 0.5, $"none {none}");
    }

    [TestMethod]
    public void Order_LearnedSolvesIt_NoneIsAtChance()
    {
        var learned = Accuracy(TaskKind.Order, PositionalKind.Learned);
        var none = Accuracy(TaskKind.Order, PositionalKind.None);

        Assert.IsTrue(learned >= 0.95, $"learned {learned}");
        Assert.AreEqual(0.5, none, 0.06, $"none {none}");
    }
}
