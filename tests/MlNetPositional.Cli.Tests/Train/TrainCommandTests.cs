using System.Text.Json;

namespace MlNetPositional.Cli.Tests.Train;

[TestClass]
public sealed class TrainCommandTests
{
    private static readonly string[] Small =
        ["--layers", "1", "--heads", "2", "--dim", "16", "--max-len", "8", "--vocab-size", "16", "--batch-size", "16", "--eval-every", "5"];

    [TestMethod]
    public void Train_SmallRun_WritesCheckpointConfigLogMetricsAndPlainProgress()
    {
        var run = CliRunner.NewDirectory("train");

        var (code, stdout, stderr) = CliRunner.Run(["train", .. Small, "--task", "order", "--steps", "10", "--seed", "3", "--out", run]);

        Assert.AreEqual(0, code, stderr);
        foreach (var file in new[] { "checkpoint.bin", "config.json", "train-log.csv", "metrics.json" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(run, file)), file);
        }

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.AreEqual("order", metrics.RootElement.GetProperty("task").GetString());
        Assert.AreEqual(10, metrics.RootElement.GetProperty("steps").GetInt32());
        StringAssert.Contains(stdout, "step 5/10");
        StringAssert.Contains(stdout, "eval_acc");
        Assert.IsFalse(stdout.Contains('\r'), "no terminal animation when output is redirected");
        Assert.AreEqual("", stderr);
    }

    [TestMethod]
    public void Train_SpecFileThenFlags_FlagsOverrideOnlyWhatTheySet()
    {
        var folder = CliRunner.NewDirectory("spec");
        Directory.CreateDirectory(folder);
        var spec = Path.Combine(folder, "spec.json");
        File.WriteAllText(spec, """{ "model": { "dim": 16, "heads": 2, "layers": 1, "max_length": 8, "vocab_size": 16 }, "training": { "task": "token-at", "steps": 4, "batch_size": 8, "seed": 9 } }""");
        var run = Path.Combine(folder, "run");

        var (code, _, stderr) = CliRunner.Run("train", "--spec", spec, "--dim", "8", "--out", run);

        Assert.AreEqual(0, code, stderr);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.AreEqual(8, config.RootElement.GetProperty("dim").GetInt32(), "the flag wins");
        Assert.AreEqual(16, config.RootElement.GetProperty("vocab_size").GetInt32(), "the spec's value stays");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.AreEqual("token-at", metrics.RootElement.GetProperty("task").GetString());
        Assert.AreEqual(9, metrics.RootElement.GetProperty("seed").GetInt32());
    }

    [TestMethod]
    public void Train_Resume_ContinuesToMoreSteps()
    {
        var run = CliRunner.NewDirectory("resume");
        Assert.AreEqual(0, CliRunner.Run(["train", .. Small, "--steps", "5", "--out", run]).ExitCode);

        var (code, stdout, stderr) = CliRunner.Run("train", "--resume", run, "--steps", "8");

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "8 steps");
    }

    [TestMethod]
    [DataRow("--task|shuffle", "Unknown task 'shuffle'")]
    [DataRow("--positional|rotary", "Unknown positional kind 'rotary'")]
    [DataRow("--dim|30|--heads|4|--layers|1", "dim (30) must be divisible by heads (4)")]
    [DataRow("--steps|0", "steps must be at least 1")]
    [DataRow("--lr|-1", "learning_rate must be a positive number")]
    [DataRow("--dropout|1.5", "dropout must be in [0, 1)")]
    [DataRow("--steps|many", "many")]
    [DataRow("--no-such-flag|1", "--no-such-flag")]
    [DataRow("--spec|/no/such/spec.json", "/no/such/spec.json")]
    [DataRow("--token-at|40|--task|token-at", "token_at_position (40) must be below max_length (32)")]
    public void Train_BadArgument_OneLineOnStderrAndExitCode2(string arguments, string expected)
    {
        var run = CliRunner.NewDirectory("bad");

        var (code, stdout, stderr) = CliRunner.Run(["train", .. arguments.Split('|'), "--out", run]);

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, expected);
        Assert.AreEqual(1, stderr.TrimEnd().Split('\n').Length, $"one line: {stderr}");
        Assert.IsFalse(File.Exists(Path.Combine(run, "checkpoint.bin")), "nothing was trained");
        Assert.AreEqual("", stdout);
    }

    [TestMethod]
    public void Train_SpecWithUnknownKey_Exit2NamingTheKeyAndFile()
    {
        var folder = CliRunner.NewDirectory("typo");
        Directory.CreateDirectory(folder);
        var spec = Path.Combine(folder, "spec.json");
        File.WriteAllText(spec, """{ "model": { "dimm": 16 } }""");

        var (code, _, stderr) = CliRunner.Run("train", "--spec", spec, "--out", Path.Combine(folder, "run"));

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, spec);
        StringAssert.Contains(stderr, "dimm");
    }

    [TestMethod]
    public void Train_NeitherOutNorResume_Exit2()
    {
        var (code, _, stderr) = CliRunner.Run("train", "--steps", "3");

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "--out");
    }

    [TestMethod]
    public void Train_ResumeWithModelFlag_Exit2()
    {
        var (code, _, stderr) = CliRunner.Run("train", "--resume", CliRunner.NewDirectory("x"), "--dim", "32");

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "--dim");
    }

    [TestMethod]
    public void Train_ResumeMissingDirectory_Exit2NamingIt()
    {
        var missing = CliRunner.NewDirectory("missing");

        var (code, _, stderr) = CliRunner.Run("train", "--resume", missing);

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, missing);
    }

    [TestMethod]
    public void Train_Diverging_Exit1NamingTheStep()
    {
        var run = CliRunner.NewDirectory("diverge");

        var (code, _, stderr) = CliRunner.Run(["train", .. Small, "--steps", "60", "--lr", "10", "--weight-decay", "0.5", "--warmup", "0", "--out", run]);

        Assert.AreEqual(1, code);
        StringAssert.Contains(stderr, "diverged at step");
    }
}
