using System.Text.Json;
using Microsoft.ML;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Training.Tests.InPipeline;

/// <summary>
/// What TrainPositionalEmbedding learns inside pipeline.Fit: the order task through a whole ML.NET
/// pipeline (text -> tokens -> trained embedding -> cache -> stock trainer), masked-token prediction
/// against the unigram baseline, and bitwise determinism of the exported weights.
/// </summary>
[TestClass]
public sealed class TrainInFitQualityTests
{
    [TestMethod]
    public void OrderTask_TrainedInFit_ThenStockTrainer_BeatsBagOfTokensBy20Points()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = (FitData.OrderText(ml, 1200, seed: 1), FitData.OrderText(ml, 400, seed: 2));
        var options = FitData.Small(steps: 200);
        var positional = ml.Transforms.Text.NormalizeText("Normalized", "Text")
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Transforms.TrainPositionalEmbedding(options))
            .AppendCacheCheckpoint(ml)
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50));
        var bagOfTokens = ml.Transforms.Text.NormalizeText("Normalized", "Text")
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens"))
            .Append(ml.Transforms.Text.ProduceNgrams("Features", "Keys", ngramLength: 1))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50));

        var positionalAccuracy = ml.BinaryClassification.Evaluate(positional.Fit(train).Transform(test)).Accuracy;
        var bagAccuracy = ml.BinaryClassification.Evaluate(bagOfTokens.Fit(train).Transform(test)).Accuracy;

        Assert.IsTrue(positionalAccuracy >= 0.95, $"trained-in-Fit accuracy {positionalAccuracy}");
        Assert.IsTrue(positionalAccuracy - bagAccuracy >= 0.20, $"trained-in-Fit {positionalAccuracy} vs bag of tokens {bagAccuracy}");
    }

    [TestMethod]
    public void MaskedTokens_WithoutLabel_EndBelowHalfTheUnigramBaseline()
    {
        var ml = new MLContext(seed: 1);
        var data = CountingSequences(ml, rows: 2000);
        var options = FitData.Small(label: null, steps: 300);
        options.MaxLength = 16;

        using var fitted = ml.Transforms.TrainPositionalEmbedding(options).Fit(data);

        using var metrics = JsonDocument.Parse(fitted.ModelMetadata.MetricsJson!);
        var evalLoss = metrics.RootElement.GetProperty("eval_loss").GetDouble();
        var unigram = metrics.RootElement.GetProperty("unigram_eval_loss").GetDouble();
        Assert.IsTrue(evalLoss < unigram / 2, $"held-out masked-token loss {evalLoss} vs unigram baseline {unigram}");
        Assert.AreEqual("masked-tokens", metrics.RootElement.GetProperty("task").GetString());
    }

    [TestMethod]
    public void SameDataOptionsAndSeed_BitwiseIdenticalWeights_OtherSeedDiffers()
    {
        var folder = Directory.CreateTempSubdirectory("fit-determinism-").FullName;
        byte[][] Weights(int seed, string name)
        {
            var ml = new MLContext(seed: 5);
            var options = FitData.Small(steps: 40);
            (options.Seed, options.ModelPath) = (seed, Path.Combine(folder, name));
            using var _ = ml.Transforms.TrainPositionalEmbedding(options).Fit(FitData.OrderTokens(ml, 600, seed: 3));
            return [.. OnnxModelFile.Read(options.ModelPath).Graph.Initializer.Select(i => i.RawData.ToByteArray())];
        }

        var first = Weights(7, "a.onnx");
        var second = Weights(7, "b.onnx");
        var other = Weights(8, "c.onnx");

        Assert.AreEqual(first.Length, second.Length);
        for (var i = 0; i < first.Length; i++)
        {
            CollectionAssert.AreEqual(first[i], second[i], $"initializer {i}");
        }

        Assert.IsTrue(first.Zip(other).Any(p => !p.First.AsSpan().SequenceEqual(p.Second)), "another seed gives other weights");
    }

    [TestMethod]
    public void CancelledThenFittedAgainWithTheCheckpointFolder_SameWeightsAsOneUninterruptedFit()
    {
        var folder = Directory.CreateTempSubdirectory("fit-resume-").FullName;
        var ml = new MLContext(seed: 1);
        var data = FitData.OrderTokens(ml, 600, seed: 3);
        PositionalEmbeddingTrainingOptions Options(string model, string? checkpoints)
        {
            var options = FitData.Small(steps: 60);
            (options.ModelPath, options.CheckpointFolder) = (Path.Combine(folder, model), checkpoints);
            return options;
        }

        using (ml.Transforms.TrainPositionalEmbedding(Options("whole.onnx", null)).Fit(data))
        {
        }

        var checkpoints = Path.Combine(folder, "checkpoints");
        using var cancel = new CancellationTokenSource();
        var interrupted = Options("resumed.onnx", checkpoints);
        interrupted.CancellationToken = cancel.Token;
        interrupted.Progress = new Inline(p =>
        {
            if (p.Step == 30)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.TrainPositionalEmbedding(interrupted).Fit(data));
        Assert.IsFalse(File.Exists(interrupted.ModelPath), "no model file after a cancelled fit");
        Assert.AreEqual(30, CheckpointFile.ReadState(new RunFiles(checkpoints).Checkpoint).Step, "the checkpoint written on cancellation");

        var resumedSteps = new List<long>();
        var again = Options("resumed.onnx", checkpoints);
        again.Progress = new Inline(p => resumedSteps.Add(p.Step));
        using (ml.Transforms.TrainPositionalEmbedding(again).Fit(data))
        {
        }

        Assert.AreEqual(31, resumedSteps.First(), "the second fit continues after the checkpoint");
        var whole = OnnxModelFile.Read(Path.Combine(folder, "whole.onnx")).Graph.Initializer;
        var resumed = OnnxModelFile.Read(Path.Combine(folder, "resumed.onnx")).Graph.Initializer;
        for (var i = 0; i < whole.Count; i++)
        {
            CollectionAssert.AreEqual(whole[i].RawData.ToByteArray(), resumed[i].RawData.ToByteArray(), whole[i].Name);
        }
    }

    /// <summary>
    /// Sequences that count up from a random word (w7 w8 w9 ... modulo 20): every word is frequent, so
    /// the unigram distribution knows nothing, while a masked word follows from its neighbours and its
    /// position.
    /// </summary>
    private static IDataView CountingSequences(MLContext ml, int rows)
    {
        var random = new Random(4);
        var sequences = Enumerable.Range(0, rows).Select(_ =>
        {
            var start = random.Next(20);
            return new FitData.TokenRow { Tokens = [.. Enumerable.Range(0, random.Next(4, 17)).Select(t => $"w{(start + t) % 20}")] };
        }).ToList();
        return ml.Data.LoadFromEnumerable(sequences);
    }

    /// <summary>A progress that reports on the training thread (System.Progress posts to the thread pool).</summary>
    internal sealed class Inline(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
