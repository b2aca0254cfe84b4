using MlNetPositional.Contract;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Data;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Study;

/// <summary>
/// A small version of docs/positions-study.sh, asserting the ordering it measured: on match-back
/// (relative offsets only), rope and alibi learned at lengths up to 16 stay above the majority-class
/// baseline at lengths 17..48, because their attention sees only distances (rope clearly more than
/// alibi, whose fixed distance penalty fades the token k back as sequences grow); a learned
/// table has no rows there at all, and with positions shuffled at test time every kind falls to the
/// baseline, since the task is nothing but positions.
/// </summary>
[TestClass]
public sealed class SmallPositionsStudyTests
{
    [TestMethod]
    [TestCategory("Long")]
    public void MatchBack_RelativeKindsExtrapolate_LearnedTableCannot_ShufflingRemovesWhatPositionsGave()
    {
        var results = new Dictionary<string, (double Trained, double Longer, double Shuffled, double Baseline)>();
        foreach (var kind in new[] { PositionalKind.Rope, PositionalKind.Alibi, PositionalKind.Learned })
        {
            var run = Path.Combine(Directory.CreateTempSubdirectory("study-").FullName, "run");
            Trainer.Train(new TrainingSpec
            {
                Model = new ModelConfig { VocabSize = 12, MaxLength = 16, Dim = 32, Heads = 4, Layers = 2, Positional = kind },
                Training = new TrainingSettings { Task = TaskKind.MatchBack, Offset = 2, Steps = 300, BatchSize = 64, EvalEvery = 100, Patience = 0, Seed = 1 },
            }, run);
            var (state, model) = CheckpointModel.Load(new RunFiles(run).Checkpoint);
            using (model)
            {
                var vocabulary = new Vocabulary(state.Vocabulary);
                TaskData Data(int min, int max) => new(new MatchBackTask(vocabulary, max, offset: 2, minLength: min), 0, seed: 99, batchSize: 128, heldOutBatches: 2);
                var trained = Data(1, 16);
                var longer = kind.HasLengthLimit() ? double.NaN : Evaluator.Evaluate(model, Data(17, 48).HeldOut).Accuracy;
                var baseline = trained.HeldOut.SelectMany(b => b.Labels).Where(l => l != TaskBatch.IgnoredLabel).Average(l => l == 0 ? 1.0 : 0.0);
                results[kind.ToName()] = (Evaluator.Evaluate(model, trained.HeldOut).Accuracy, longer,
                    Evaluator.Evaluate(model, trained.HeldOut, shufflePositions: new Random(1)).Accuracy, baseline);
            }
        }

        var report = string.Join("; ", results.Select(r => $"{r.Key}: {r.Value.Trained:F3} / {r.Value.Longer:F3} / shuffled {r.Value.Shuffled:F3} (baseline {r.Value.Baseline:F3})"));
        foreach (var (kind, (trained, longer, shuffled, baseline)) in results)
        {
            Assert.IsTrue(trained > baseline + 0.1, $"{kind} learned the task at its lengths: {report}");
            Assert.IsTrue(shuffled < baseline + 0.1, $"{kind} with shuffled positions falls to the baseline: {report}");
        }

        // Measured here (seed 1): rope 0.989 -> 0.951 at 17..48, alibi 0.804 -> 0.698, baseline 0.621.
        Assert.IsTrue(results["rope"].Longer > results["rope"].Baseline + 0.2, $"rope at 17..48: {report}");
        Assert.IsTrue(results["alibi"].Longer > results["alibi"].Baseline + 0.02, $"alibi at 17..48: {report}");
        Assert.IsTrue(results["rope"].Longer > results["alibi"].Longer, $"rope extrapolates better than alibi on match-back: {report}");

        Assert.IsTrue(double.IsNaN(results["learned"].Longer), "a learned table has no rows past 16");
    }
}
