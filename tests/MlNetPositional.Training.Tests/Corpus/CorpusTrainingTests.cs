using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Tests.Runs;

namespace MlNetPositional.Training.Tests.Corpus;

[TestClass]
public sealed class CorpusTrainingTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void CorpusRun_CrashBetweenCheckpointsThenResume_MatchesUninterrupted(bool labelled)
    {
        var corpus = Corpus(labelled);
        var spec = TestRuns.Tiny(steps: 30) with
        {
            Training = TestRuns.Tiny().Training with
            {
                Steps = 30,
                Data = new CorpusSettings { Path = corpus, TextColumn = "text", LabelColumn = labelled ? "label" : null },
            },
        };
        var uninterrupted = TestRuns.NewDirectory("corpus-full");
        var crashed = TestRuns.NewDirectory("corpus-crashed");

        Trainer.Train(spec, uninterrupted);
        Assert.ThrowsExactly<InvalidOperationException>(() => Trainer.Train(spec, crashed, new CrashAt(17)));
        Trainer.Resume(crashed);

        var (a, b) = (CheckpointModel.Load(new RunFiles(uninterrupted).Checkpoint), CheckpointModel.Load(new RunFiles(crashed).Checkpoint));
        using var first = a.Model;
        using var second = b.Model;
        foreach (var ((name, p), (_, q)) in first.named_parameters().Zip(second.named_parameters()))
        {
            var difference = p.data<float>().ToArray().Zip(q.data<float>().ToArray()).Max(x => Math.Abs(x.First - x.Second));
            Assert.IsTrue(difference <= 1e-6, $"{name}: {difference}");
        }

        Assert.AreEqual(a.State.Step, b.State.Step);
        CollectionAssert.AreEqual(a.State.Vocabulary.ToArray(), b.State.Vocabulary.ToArray());
    }

    [TestMethod]
    public void CorpusRun_VocabularyAndLabelsComeFromTheFile()
    {
        var run = TestRuns.NewDirectory("corpus-vocab");
        var spec = TestRuns.Tiny(steps: 2) with
        {
            Training = TestRuns.Tiny().Training with { Steps = 2, Data = new CorpusSettings { Path = Corpus(labelled: true), TextColumn = "text", LabelColumn = "label" } },
        };

        Trainer.Train(spec, run);

        var state = CheckpointFile.ReadState(new RunFiles(run).Checkpoint);
        CollectionAssert.AreEqual(new[] { "after", "before" }, state.Labels!.ToArray());
        Assert.AreEqual(state.Vocabulary.Count, state.Model.VocabSize);
        CollectionAssert.IsSubsetOf(new[] { "[PAD]", "[UNK]", "red", "blue" }, state.Vocabulary.ToArray());
    }

    private static string Corpus(bool labelled)
    {
        var random = new Random(7);
        var words = new[] { "red", "green", "blue", "gold", "grey", "pink" };
        var path = Path.Combine(Directory.CreateDirectory(TestRuns.NewDirectory("corpus-file")).FullName, "data.tsv");
        File.WriteAllLines(path, new[] { "text\tlabel" }.Concat(Enumerable.Range(0, 400).Select(_ =>
        {
            var sentence = Enumerable.Range(0, random.Next(2, 8)).Select(_ => words[random.Next(words.Length)]).ToArray();
            return $"{string.Join(' ', sentence)}\t{(sentence[0] == "red" ? "before" : "after")}";
        })));
        return path;
    }

    private sealed class CrashAt(long step) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step)
            {
                throw new InvalidOperationException("simulated crash");
            }
        }
    }
}
