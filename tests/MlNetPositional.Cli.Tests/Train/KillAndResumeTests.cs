using System.Diagnostics;
using MlNetPositional.Tests.Shared;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Cli.Tests.Train;

/// <summary>A training process killed with SIGKILL, then resumed: the result is the uninterrupted run's.</summary>
[TestClass]
public sealed class KillAndResumeTests
{
    private static readonly string[] Settings =
        ["--task", "reverse", "--layers", "1", "--heads", "2", "--dim", "32", "--max-len", "12", "--vocab-size", "20",
         "--batch-size", "64", "--steps", "600", "--eval-every", "25", "--patience", "0", "--dropout", "0.1", "--seed", "5"];

    [TestMethod]
    [TestCategory("Long")]
    public void Train_KilledMidRun_ResumeEndsWithin1e6OfAnUninterruptedRun()
    {
        var uninterrupted = CliRunner.NewDirectory("kill-full");
        var killed = CliRunner.NewDirectory("kill-resumed");
        // Every phase runs as its own CLI process, as a user's would: the test host's torch (shared with
        // other tests) must not be the one that finishes either run.
        Assert.AreEqual(0, Cli(["train", .. Settings, "--out", uninterrupted]).Code);

        using (var process = CliRunner.Start(["train", .. Settings, "--out", killed]))
        {
            var checkpoint = new RunFiles(killed).Checkpoint;
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(checkpoint) && CheckpointFile.ReadState(checkpoint).Step >= 100) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                Thread.Sleep(20);
            }

            Assert.IsFalse(process.HasExited, "the run finished before it could be killed; make it longer");
            process.Kill(); // SIGKILL: no chance to clean up
            process.WaitForExit();
        }

        var stepAtKill = CheckpointFile.ReadState(new RunFiles(killed).Checkpoint).Step;
        Assert.IsTrue(stepAtKill is >= 100 and < 600, $"killed with a checkpoint at step {stepAtKill}");

        var resumed = Cli(["train", "--resume", killed]);

        Assert.AreEqual(0, resumed.Code, resumed.Stderr);
        var (a, first) = CheckpointModel.Load(new RunFiles(uninterrupted).Checkpoint);
        var (b, second) = CheckpointModel.Load(new RunFiles(killed).Checkpoint);
        using (first)
        using (second)
        {
            Assert.AreEqual(600, b.Step);
            foreach (var ((name, p), (_, q)) in first.named_parameters().Zip(second.named_parameters()))
            {
                var difference = p.data<float>().ToArray().Zip(q.data<float>().ToArray()).Max(x => Math.Abs(x.First - x.Second));
                Assert.IsTrue(difference <= 1e-6, $"{name}: {difference} (resumed from step {stepAtKill})");
            }
        }

        var steps = File.ReadLines(new RunFiles(killed).Log).Skip(1).Select(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(1, 600).ToList(), steps, "every step logged once across the kill");
    }

    private static (int Code, string Stdout, string Stderr) Cli(string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlnet-positional.dll"), .. arguments], TimeSpan.FromMinutes(10));
}
