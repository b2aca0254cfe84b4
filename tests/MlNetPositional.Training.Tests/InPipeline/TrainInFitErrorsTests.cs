using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Training.Tests.InPipeline;

/// <summary>
/// Bad input fails at Fit, named, before any step is trained; cancellation stops a run promptly and
/// leaves no model file; progress reaches the MLContext's log.
/// </summary>
[TestClass]
public sealed class TrainInFitErrorsTests
{
    [TestMethod]
    public void LabelWithOneClass_NamesTheColumn_BeforeTraining()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new FitData.TokenRow { Tokens = ["a", "b"], Label = true }).ToList());
        var (options, steps) = Counted(FitData.Small());

        var error = Assert.ThrowsExactly<InvalidCorpusException>(() => ml.Transforms.TrainPositionalEmbedding(options).Fit(data));

        StringAssert.Contains(error.Message, "label column 'Label' has 1 distinct value(s)");
        Assert.AreEqual(0, steps.Count, "no step trained");
    }

    [TestMethod]
    public void EmptyDataView_SaysSoBeforeTraining()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new List<FitData.TokenRow>());
        var (options, steps) = Counted(FitData.Small());

        var error = Assert.ThrowsExactly<InvalidCorpusException>(() => ml.Transforms.TrainPositionalEmbedding(options).Fit(data));

        StringAssert.Contains(error.Message, "column 'Tokens' of the training data");
        Assert.AreEqual(0, steps.Count);
    }

    [TestMethod]
    public void TokenColumnOfTheWrongType_NamesColumnAndType_AtFitAndGetOutputSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new FloatRow { Tokens = [1f, 2f], Label = true } });
        var estimator = ml.Transforms.TrainPositionalEmbedding("Features", "Tokens", "Label");

        var atFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        var atShape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ShapeOf(data.Schema)));

        StringAssert.Contains(atFit.Message, "input column 'Tokens'");
        StringAssert.Contains(atFit.Message, "Single");
        StringAssert.Contains(atShape.Message, "input column 'Tokens'");
    }

    [TestMethod]
    public void RawTextColumn_IsRefused_SplitItFirst_AtFitAndGetOutputSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new RawTextRow { Tokens = "a b", Label = true } });
        var estimator = ml.Transforms.TrainPositionalEmbedding("Features", "Tokens", "Label");

        var atFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        var atShape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ShapeOf(data.Schema)));

        foreach (var error in new[] { atFit, atShape })
        {
            StringAssert.StartsWith(error.Message, "Input column 'Tokens' is raw text (a scalar Text column), but TrainPositionalEmbedding trains on tokens: split it first");
        }
    }

    [TestMethod]
    public void LabelOfTheWrongType_NamesIt()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new NumericLabelRow { Tokens = ["a"], Score = 1f } });

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.TrainPositionalEmbedding("Features", "Tokens", "Score").Fit(data));

        StringAssert.Contains(error.Message, "label column 'Score'");
        StringAssert.Contains(error.Message, "expected Boolean, key or text; found Single");
    }

    [TestMethod]
    public void SettingsThatDoNotFit_AreNamedWhenTheEstimatorIsMade()
    {
        var ml = new MLContext(seed: 1);
        var cases = new (Action<PositionalEmbeddingTrainingOptions> Set, string Setting)[]
        {
            (o => (o.Dim, o.Heads) = (30, 4), "Dim"),
            (o => o.BatchSize = 0, "BatchSize"),
            (o => o.HeldOutFraction = 1, "HeldOutFraction"),
            (o => o.Epochs = double.NaN, "Epochs"),
            (o => o.LabelColumnName = "Tokens", "LabelColumnName"),
            (o => o.MaxLength = 0, "MaxLength"),
        };
        foreach (var (set, setting) in cases)
        {
            var options = FitData.Small();
            set(options);
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.TrainPositionalEmbedding(options), setting);
            Assert.AreEqual(setting, error.ParamName);
            StringAssert.StartsWith(error.Message, setting);
        }
    }

    [TestMethod]
    public void CheckpointFolderOfAnotherRun_IsRefusedNamingWhatDiffers()
    {
        var ml = new MLContext(seed: 1);
        var data = FitData.OrderTokens(ml, 300, seed: 1);
        var folder = Directory.CreateTempSubdirectory("fit-other-run-").FullName;
        var first = FitData.Small(steps: 5);
        first.CheckpointFolder = folder;
        using (ml.Transforms.TrainPositionalEmbedding(first).Fit(data))
        {
        }

        var other = FitData.Small(steps: 5);
        (other.CheckpointFolder, other.Dim) = (folder, 16);
        var error = Assert.ThrowsExactly<InvalidCheckpointException>(() => ml.Transforms.TrainPositionalEmbedding(other).Fit(data));

        StringAssert.Contains(error.Message, "the model settings");
        StringAssert.Contains(error.Message, "give another CheckpointFolder");
    }

    [TestMethod]
    public void CancellationToken_StopsWithinAStep_NoModelFile()
    {
        var ml = new MLContext(seed: 1);
        var path = Path.Combine(Directory.CreateTempSubdirectory("fit-cancel-").FullName, "model.onnx");
        using var cancel = new CancellationTokenSource();
        var options = FitData.Small(steps: 5000);
        (options.ModelPath, options.CancellationToken) = (path, cancel.Token);
        var last = 0L;
        options.Progress = new TrainInFitQualityTests.Inline(p =>
        {
            last = p.Step;
            if (p.Step == 10)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.TrainPositionalEmbedding(options).Fit(FitData.OrderTokens(ml, 300, seed: 1)));

        Assert.AreEqual(10, last, "no step after the cancellation");
        Assert.IsFalse(File.Exists(path));
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(path)!).Length, "no temporary file either");
    }

    [TestMethod]
    public void MlContextCancelExecution_StopsTraining()
    {
        // MLContext.CancelExecution is internal in ML.NET 5 (public through the Microsoft.ML.Experimental
        // package, not served here), so the test calls it as that package does.
        var ml = new MLContext(seed: 1);
        var cancelExecution = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic)!;
        var options = FitData.Small(steps: 5000);
        var last = 0L;
        options.Progress = new TrainInFitQualityTests.Inline(p =>
        {
            last = p.Step;
            if (p.Step == 10)
            {
                cancelExecution.Invoke(ml, null);
            }
        });

        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.TrainPositionalEmbedding(options).Fit(FitData.OrderTokens(ml, 300, seed: 1)));

        Assert.IsTrue(last is >= 10 and < 40, $"stopped promptly (last step {last} of 5000)");
    }

    [TestMethod]
    public void Progress_GoesToTheMlContextLog_WithLossAccuracyAndTime()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<LoggingEventArgs>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("TrainPositionalEmbedding", StringComparison.Ordinal))
            {
                lock (messages)
                {
                    messages.Add(e);
                }
            }
        };

        using var _ = ml.Transforms.TrainPositionalEmbedding(FitData.Small(steps: 50)).Fit(FitData.OrderTokens(ml, 300, seed: 1));

        var text = messages.Where(m => m.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info).Select(m => m.Message).ToList();
        Assert.IsTrue(text.Any(m => m.Contains("training rows, vocabulary", StringComparison.Ordinal)), string.Join("\n", text));
        // ML.NET prefixes each message with its source and kind.
        var evaluations = text.Where(m => m.Contains("held-out loss", StringComparison.Ordinal) && m.Contains("] step ", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(2, evaluations.Count, string.Join("\n", text));
        StringAssert.Contains(evaluations[0], "step 25/50: loss ");
        StringAssert.Matches(evaluations[1], new System.Text.RegularExpressions.Regex(@"step 50/50: loss \d\.\d{4}, held-out loss \d\.\d{4}, held-out accuracy [\d.]+ ?%, [\d.]+ s$"));
        Assert.IsTrue(text.Any(m => m.Contains("] Trained 50 steps in", StringComparison.Ordinal)), string.Join("\n", text));
    }

    /// <summary>SchemaShape.Create is internal; ML.NET's own tests call it directly.</summary>
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic)!.Invoke(null, [schema])!;

    private static (PositionalEmbeddingTrainingOptions Options, List<long> Steps) Counted(PositionalEmbeddingTrainingOptions options)
    {
        var steps = new List<long>();
        options.Progress = new TrainInFitQualityTests.Inline(p => steps.Add(p.Step));
        return (options, steps);
    }

    private sealed class RawTextRow
    {
        public string Tokens { get; set; } = "";

        public bool Label { get; set; }
    }

    private sealed class FloatRow
    {
        [VectorType]
        public float[] Tokens { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class NumericLabelRow
    {
        [VectorType]
        public string[] Tokens { get; set; } = [];

        public float Score { get; set; }
    }
}
