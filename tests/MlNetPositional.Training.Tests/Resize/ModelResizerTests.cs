using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Export;
using MlNetPositional.Training.Resize;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Resize;

/// <summary>A resized checkpoint keeps every other weight and fine-tunes at the new length; a resized ONNX model scores the new length.</summary>
[TestClass]
public sealed class ModelResizerTests
{
    [TestMethod]
    public void ResizedCheckpoint_KeepsOtherWeights_AndResumesAtTheNewLength()
    {
        var folder = Directory.CreateTempSubdirectory("resize-").FullName;
        var (run, resized) = (Path.Combine(folder, "at8"), Path.Combine(folder, "at12"));
        Trainer.Train(Spec(maxLength: 8, steps: 10), run);

        var state = ModelResizer.ResizeCheckpoint(run, 12, ResizeMethod.Interpolate, resized);

        Assert.AreEqual(12, state.Model.MaxLength);
        var (_, before) = CheckpointModel.Load(new RunFiles(run).Checkpoint);
        var (_, after) = CheckpointModel.Load(new RunFiles(resized).Checkpoint);
        using (before)
        using (after)
        {
            CollectionAssert.AreEqual(new long[] { 12, 16 }, after.Encoder.Embedding.PositionTable!.shape);
            Assert.IsTrue(before.Encoder.Embedding.TokenTable.equal(after.Encoder.Embedding.TokenTable).all().item<bool>(), "token table kept");
            Assert.IsTrue(before.Encoder.Embedding.PositionTable![0].equal(after.Encoder.Embedding.PositionTable![0]).all().item<bool>(), "first row kept by interpolation");
            Assert.IsTrue(before.Encoder.Embedding.PositionTable![7].equal(after.Encoder.Embedding.PositionTable![11]).all().item<bool>(), "last row kept by interpolation");
        }

        var metrics = Trainer.Resume(resized, steps: 14);
        Assert.AreEqual(14, metrics.Steps, "fine-tuned 4 more steps at the new length");
        Assert.IsTrue(File.ReadLines(new RunFiles(resized).Log).Count() > 10, "the train log continues");
    }

    [TestMethod]
    public void ResizedOnnxModel_TakesTheNewLength_ConfigFollows()
    {
        var folder = Directory.CreateTempSubdirectory("resize-onnx-").FullName;
        var run = Path.Combine(folder, "run");
        Trainer.Train(Spec(maxLength: 8, steps: 2), run);
        var (model, longer) = (Path.Combine(folder, "model.onnx"), Path.Combine(folder, "longer.onnx"));
        OnnxExporter.ExportCheckpoint(run, model);

        var config = ModelResizer.ResizeModel(model, 12, ResizeMethod.ExtendSinusoidal, longer);

        Assert.AreEqual(12, config.MaxLength);
        Assert.AreEqual(12, ModelFileMetadata.Read(longer).Config.MaxLength);
        using var original = PositionalEmbeddingModel.Load(model);
        using var resized = PositionalEmbeddingModel.Load(longer);
        long[] eight = [2, 3, 4, 5, 6, 7, 8, 9];
        Assert.AreEqual(12, resized.Embed([[.. eight, 2, 3, 4, 5]])[0].Length, "12 tokens now fit");
        CollectionAssert.AreEqual(original.Embed([eight])[0].Embeddings, resized.Embed([eight])[0].Embeddings, "learned rows kept: same outputs up to the old length");
        Assert.ThrowsExactly<PositionalInputException>(() => original.Embed([[.. eight, 2]]));
    }

    private static TrainingSpec Spec(int maxLength, int steps) => new()
    {
        Model = new ModelConfig { VocabSize = 16, MaxLength = maxLength, Dim = 16, Heads = 2, Layers = 1 },
        Training = new TrainingSettings { Task = TaskKind.Reverse, Steps = steps, BatchSize = 16, EvalEvery = 5 },
    };
}
