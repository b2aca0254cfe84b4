using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Export;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// Writes an imported model as this project's ONNX model — after checking that ONNX Runtime computes
/// what TorchSharp computes on the imported weights — and, if asked, as a checkpoint to resize,
/// export back or fine-tune.
/// </summary>
public static class ImportedModelWriter
{
    /// <summary>Largest difference allowed between ONNX Runtime and TorchSharp on the imported weights.</summary>
    public const double ParityTolerance = 1e-4;

    /// <summary>Exports <paramref name="model"/> to <paramref name="path"/> (atomically); metadata records the source, layout and notes.</summary>
    /// <returns>The largest |ONNX Runtime - TorchSharp| over a seeded batch that covers every position.</returns>
    /// <exception cref="InvalidOperationException">The two disagree by more than <see cref="ParityTolerance"/> (nothing is written).</exception>
    public static double WriteOnnx(ImportedModel model, string path, string source, int opset = OnnxVersions.DefaultOpset)
    {
        var metrics = JsonSerializer.Serialize(new { imported_from = Path.GetFileName(source), layout = model.Layout.ToName(), notes = model.Notes });
        var onnx = OnnxExporter.Export(model.Encoder, model.Vocabulary, opset, metricsJson: metrics);
        var difference = Parity(model, Google.Protobuf.MessageExtensions.ToByteArray(onnx), source);
        if (!(difference <= ParityTolerance))
        {
            throw new InvalidOperationException($"Parity check failed for {source}: ONNX Runtime and TorchSharp differ by {difference:G3} (> {ParityTolerance:G1}); nothing was written.");
        }

        OnnxModelFile.Write(path, onnx);
        return difference;
    }

    /// <summary>
    /// Writes a checkpoint in <paramref name="directory"/> (which must not hold one): the imported
    /// encoder, default training settings (the reverse dummy task, with a fresh head and optimizer).
    /// </summary>
    /// <exception cref="IOException">The directory already holds a checkpoint.</exception>
    public static void WriteCheckpoint(ImportedModel model, string directory)
    {
        var files = new RunFiles(directory);
        if (File.Exists(files.Checkpoint))
        {
            throw new IOException($"{files.Directory} already holds a checkpoint; choose another directory.");
        }

        Directory.CreateDirectory(files.Directory);
        var config = model.Encoder.Config;
        var state = new CheckpointState { Model = config, Training = new TrainingSettings(), Vocabulary = model.Vocabulary.Tokens };
        // The head of the settings' task (seeded) and a fresh optimizer: no task data is needed to save them.
        manual_seed(state.Training.Seed);
        using var taskModel = CheckpointModel.Create(state);
        using (no_grad())
        {
            // Registered names only: the field-name aliases differ between the two modules, the tensors do not.
            taskModel.Encoder.load_state_dict(CanonicalNames.StateDict(model.Encoder), strict: false);
        }

        var (optimizer, _) = TrainingSession.CreateOptimizer(taskModel, state.Training);
        using (optimizer)
        {
            AtomicFile.WriteAllText(files.Config, config.ToJson());
            CheckpointFile.Save(files.Checkpoint, state, taskModel, optimizer);
        }
    }

    private static double Parity(ImportedModel model, byte[] onnx, string source)
    {
        var config = model.Encoder.Config;
        var random = new Random(0);
        var length = config.MaxLength;
        long[][] sequences = [.. new[] { length, Math.Max(1, length / 2), length }.Select(n => Enumerable.Range(0, n).Select(_ => (long)random.Next(config.VocabSize)).ToArray())];

        using var runtime = PositionalEmbeddingModel.Load(onnx, source);
        var fromOnnx = runtime.Embed(sequences);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = zeros(sequences.Length, length, ScalarType.Int64);
        var mask = zeros(sequences.Length, length, ScalarType.Int64);
        for (var r = 0; r < sequences.Length; r++)
        {
            ids[r].narrow(0, 0, sequences[r].Length).copy_(tensor(sequences[r]));
            ids[r].narrow(0, sequences[r].Length, length - sequences[r].Length).fill_(config.PadId);
            mask[r].narrow(0, 0, sequences[r].Length).fill_(1);
        }

        var fromTorch = model.Encoder.forward(ids, mask);
        double largest = 0;
        for (var r = 0; r < sequences.Length; r++)
        {
            var expected = fromTorch[r].narrow(0, 0, sequences[r].Length).contiguous().data<float>().ToArray();
            var actual = fromOnnx[r].Embeddings;
            largest = Math.Max(largest, expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).DefaultIfEmpty(double.NaN).Max());
        }

        return largest;
    }
}
