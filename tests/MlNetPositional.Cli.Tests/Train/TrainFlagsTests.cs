using MlNetPositional.Cli.Train;
using MlNetPositional.Contract;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Cli.Tests.Train;

/// <summary>Every train flag overrides exactly its own setting (the flag table), and --help lists them.</summary>
[TestClass]
public sealed class TrainFlagsTests
{
    [TestMethod]
    public void EveryFlag_SetsItsOwnField()
    {
        var folder = CliRunner.NewDirectory("flags");
        Directory.CreateDirectory(folder);
        var corpus = Path.Combine(folder, "corpus.tsv");
        File.WriteAllText(corpus, "Text\tLabel\na b\tx\n");
        var command = TrainCommand.Create();
        var parse = command.Command.Parse([
            "--positional", "sinusoidal", "--layers", "3", "--heads", "3", "--dim", "12", "--ff-dim", "20", "--max-len", "9", "--vocab-size", "30",
            "--dropout", "0.25", "--pad-id", "2", "--task", "token-at", "--steps", "7", "--batch-size", "5", "--lr", "0.002", "--embedding-lr-scale", "3",
            "--warmup", "2", "--weight-decay", "0.05", "--grad-clip", "0.5", "--eval-every", "3", "--patience", "4", "--min-len", "2", "--token-at", "1",
            "--seed", "42", "--data", corpus, "--data-format", "tsv", "--text-column", "Text", "--label-column", "Label", "--tokenizer", "mlnet-words",
            "--special", "[X]", "--special", "[Y]", "--min-count", "2", "--max-vocab", "100", "--out", Path.Combine(folder, "run"),
        ]);
        Assert.AreEqual(0, parse.Errors.Count, string.Join("; ", parse.Errors.Select(e => e.Message)));

        var spec = command.BuildSpec(parse);

        var (m, t, d) = (spec.Model, spec.Training, spec.Training.Data!);
        Assert.AreEqual((PositionalKind.Sinusoidal, 3, 3, 12, 20, 9, 30, 0.25, 2), (m.Positional, m.Layers, m.Heads, m.Dim, m.FeedForwardDim, m.MaxLength, m.VocabSize, m.Dropout, m.PadId));
        Assert.AreEqual((TaskKind.TokenAt, 7, 5, 0.002, 3.0, 2, 0.05, 0.5, 3, 4, 2, 1, 42),
            (t.Task, t.Steps, t.BatchSize, t.LearningRate, t.EmbeddingLearningRateScale, t.WarmupSteps, t.WeightDecay, t.GradientClip, t.EvalEvery, t.Patience, t.MinLength, t.TokenAtPosition, t.Seed));
        Assert.AreEqual((corpus, "tsv", "Text", "Label", "mlnet-words", 2, 100), (d.Path, d.Format, d.TextColumn, d.LabelColumn, d.Tokenizer, d.MinCount, d.MaxVocab));
        CollectionAssert.AreEqual(new[] { "[X]", "[Y]" }, d.Specials!.ToArray());
    }

    [TestMethod]
    public void Help_ListsEveryFlag_ExitsZero()
    {
        var (code, stdout, stderr) = CliRunner.Run("train", "--help");

        Assert.AreEqual(0, code, stderr);
        foreach (var flag in TrainCommand.Create().Command.Options.Select(o => o.Name))
        {
            StringAssert.Contains(stdout, flag);
        }
    }
}
