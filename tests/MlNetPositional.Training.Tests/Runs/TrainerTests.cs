using MlNetPositional.Contract;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Model;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Tasks;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.Runs;

[TestClass]
public sealed class TrainerTests
{
    [TestMethod]
    public void Train_SameSeed_BitwiseIdenticalWeights()
    {
        var spec = TestRuns.Tiny() with { Model = TestRuns.Tiny().Model with { Dropout = 0.1 } };
        var first = TestRuns.NewDirectory("det-a");
        var second = TestRuns.NewDirectory("det-b");

        Trainer.Train(spec, first);
        Trainer.Train(spec, second);

        var (a, b) = (Weights(first), Weights(second));
        CollectionAssert.AreEqual(a.Keys.ToList(), b.Keys.ToList());
        foreach (var name in a.Keys)
        {
            CollectionAssert.AreEqual(a[name], b[name], name);
        }
    }

    [TestMethod]
    public void Train_DifferentSeed_DifferentWeights()
    {
        var first = TestRuns.NewDirectory("seed-a");
        var second = TestRuns.NewDirectory("seed-b");
        Trainer.Train(TestRuns.Tiny(steps: 5), first);
        Trainer.Train(TestRuns.Tiny(steps: 5) with { Training = TestRuns.Tiny().Training with { Steps = 5, Seed = 12 } }, second);

        CollectionAssert.AreNotEqual(Weights(first).Values.First(), Weights(second).Values.First());
    }

    [TestMethod]
    public void Resume_AfterCrashBetweenCheckpoints_MatchesUninterruptedRunWithin1e6()
    {
        var spec = TestRuns.Tiny(steps: 40) with { Model = TestRuns.Tiny().Model with { Dropout = 0.1 } };
        var uninterrupted = TestRuns.NewDirectory("resume-full");
        var crashed = TestRuns.NewDirectory("resume-crashed");
        Trainer.Train(spec, uninterrupted);

        // Die at step 27: the last checkpoint is step 20, and the log already holds rows 21..27.
        Assert.ThrowsExactly<SimulatedCrash>(() => Trainer.Train(spec, crashed, new CrashAt(27)));
        Assert.AreEqual(20, CheckpointFile.ReadState(new RunFiles(crashed).Checkpoint).Step);
        var metrics = Trainer.Resume(crashed);

        Assert.AreEqual(40, metrics.Steps);
        var (expected, actual) = (Weights(uninterrupted), Weights(crashed));
        foreach (var name in expected.Keys)
        {
            var difference = expected[name].Zip(actual[name]).Max(pair => Math.Abs(pair.First - pair.Second));
            Assert.IsTrue(difference <= 1e-6, $"{name}: max difference {difference}");
        }

        var loggedSteps = File.ReadLines(new RunFiles(crashed).Log).Skip(1).Select(line => int.Parse(line.Split(',')[0])).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(1, 40).ToList(), loggedSteps, "each step logged exactly once");
    }

    [TestMethod]
    public void Resume_WithMoreSteps_ExtendsAFinishedRun()
    {
        var run = TestRuns.NewDirectory("extend");
        Trainer.Train(TestRuns.Tiny(steps: 10), run);

        var metrics = Trainer.Resume(run, steps: 20);

        Assert.AreEqual(20, metrics.Steps);
        Assert.AreEqual(20, CheckpointFile.ReadState(new RunFiles(run).Checkpoint).Step);
    }

    [TestMethod]
    public void Train_Diverging_StopsNamingStepAndCause_LastCheckpointIntact()
    {
        // lr x weight_decay > 2 makes AdamW's decoupled decay flip and grow every weight each step:
        // a real divergence that overflows float within a couple of dozen steps.
        var spec = TestRuns.Tiny(steps: 60) with { Training = TestRuns.Tiny().Training with { Steps = 60, LearningRate = 10, WeightDecay = 0.5, WarmupSteps = 0, EvalEvery = 5 } };
        var run = TestRuns.NewDirectory("nan");

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => Trainer.Train(spec, run));

        StringAssert.Contains(error.Message, $"step {error.Step}");
        StringAssert.Contains(error.Message, error.What);
        var state = CheckpointFile.ReadState(new RunFiles(run).Checkpoint);
        Assert.IsTrue(state.Step >= 5 && state.Step < error.Step && state.Step % 5 == 0, $"checkpoint at {state.Step}, divergence at {error.Step}");
        Assert.IsTrue(double.IsFinite(state.EvalLoss!.Value));
        using var model = PositionalTaskModel.For(spec.Model, PositionalTask.Create(TaskKind.Reverse, Vocabulary.Synthetic(16), 8));
        CheckpointFile.Load(new RunFiles(run).Checkpoint, model, optimizer: null);
        Assert.IsTrue(model.parameters().All(p => p.isfinite().all().item<bool>()), "checkpointed weights are finite");
    }

    [TestMethod]
    public void Train_NoImprovement_StopsEarlyAfterPatience()
    {
        var spec = TestRuns.Tiny(steps: 100) with { Training = TestRuns.Tiny().Training with { Steps = 100, LearningRate = 1e-12, EvalEvery = 5, Patience = 2 } };
        var run = TestRuns.NewDirectory("early");

        var metrics = Trainer.Train(spec, run);

        Assert.IsTrue(metrics.StoppedEarly);
        Assert.AreEqual(15, metrics.Steps, "evaluations at 5 (best), 10 and 15 (no improvement twice)");
    }

    [TestMethod]
    public void Train_IntoExistingRun_RefusesAndKeepsIt()
    {
        var run = TestRuns.NewDirectory("existing");
        Trainer.Train(TestRuns.Tiny(steps: 3), run);
        var before = File.ReadAllBytes(new RunFiles(run).Checkpoint);

        var error = Assert.ThrowsExactly<IOException>(() => Trainer.Train(TestRuns.Tiny(steps: 3), run));

        StringAssert.Contains(error.Message, "--resume");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(new RunFiles(run).Checkpoint));
    }

    [TestMethod]
    public void Train_WritesConfigLogAndMetrics()
    {
        var run = TestRuns.NewDirectory("files");

        var metrics = Trainer.Train(TestRuns.Tiny(TaskKind.Order, steps: 12), run);

        var files = new RunFiles(run);
        Assert.AreEqual(TestRuns.Tiny().Model, ModelConfig.FromJson(File.ReadAllText(files.Config)));
        var log = File.ReadAllLines(files.Log);
        Assert.AreEqual(TrainLog.Header, log[0]);
        Assert.AreEqual(13, log.Length);
        Assert.AreEqual(6, log[10].Split(',').Length);
        Assert.AreNotEqual("", log[10].Split(',')[2], "step 10 is an evaluation step");
        Assert.AreEqual("", log[9].Split(',')[2], "step 9 is not");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(files.Metrics));
        Assert.AreEqual("order", json.RootElement.GetProperty("task").GetString());
        Assert.AreEqual("learned", json.RootElement.GetProperty("positional").GetString());
        Assert.AreEqual(12, json.RootElement.GetProperty("steps").GetInt32());
        Assert.AreEqual(metrics.EvalAccuracy, json.RootElement.GetProperty("eval_accuracy").GetDouble());
        Assert.IsTrue(metrics.EvalAccuracy is >= 0 and <= 1);
        Assert.IsTrue(json.RootElement.GetProperty("eval_loss").GetDouble() > 0);
    }

    [TestMethod]
    public void Train_ReportsProgressEveryStep()
    {
        var reports = new List<TrainingProgress>();

        Trainer.Train(TestRuns.Tiny(steps: 12), TestRuns.NewDirectory("progress"), new Collect(reports));

        CollectionAssert.AreEqual(Enumerable.Range(1, 12).Select(i => (long)i).ToList(), reports.Select(r => r.Step).ToList());
        Assert.AreEqual(2, reports.Count(r => r.EvalAccuracy is not null), "steps 10 and 12 evaluate");
    }

    [TestMethod]
    public void ReadState_RandomBytes_ThrowsNamingTheFile()
    {
        var path = Path.Combine(TestRuns.NewDirectory("garbage"), "checkpoint.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37))]);

        var error = Assert.ThrowsExactly<InvalidCheckpointException>(() => CheckpointFile.ReadState(path));

        StringAssert.Contains(error.Message, path);
    }

    private static Dictionary<string, float[]> Weights(string run)
    {
        var state = CheckpointFile.ReadState(new RunFiles(run).Checkpoint);
        var task = PositionalTask.Create(state.Training.Task, new Vocabulary(state.Vocabulary), state.Model.MaxLength);
        using var model = PositionalTaskModel.For(state.Model, task);
        CheckpointFile.Load(new RunFiles(run).Checkpoint, model, optimizer: null);
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());
    }

    private sealed class SimulatedCrash : Exception;

    private sealed class CrashAt(long step) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step)
            {
                throw new SimulatedCrash();
            }
        }
    }

    private sealed class Collect(List<TrainingProgress> into) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => into.Add(value);
    }
}
