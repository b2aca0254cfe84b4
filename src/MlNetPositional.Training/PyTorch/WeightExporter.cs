using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// Writes a checkpoint's encoder as a PyTorch state dict (<c>.pt</c>, loadable with <c>torch.load</c>)
/// or <c>.safetensors</c>, with the names of docs/mlnet_positional.py, plus <c>FILE.config.json</c>
/// (the module's constructor arguments) and <c>FILE.vocab.json</c> next to it. The task head is
/// left out, as in the ONNX export.
/// </summary>
public static class WeightExporter
{
    /// <summary>Exports the run in <paramref name="checkpointDir"/>; the format follows <paramref name="outPath"/>'s extension. Every file is written atomically.</summary>
    /// <returns>The tensor names written, in order.</returns>
    /// <exception cref="InvalidCheckpointException">No readable checkpoint.</exception>
    /// <exception cref="ArgumentException">An extension other than .pt, .pth, .bin or .safetensors.</exception>
    public static IReadOnlyList<string> Export(string checkpointDir, string outPath)
    {
        var (state, model) = CheckpointModel.Load(new RunFiles(checkpointDir).Checkpoint);
        using var _ = model;
        var tensors = CanonicalNames.StateDict(model.Encoder);
        StateDictFile.Write(outPath, tensors);
        AtomicFile.WriteAllText(outPath + ".config.json", state.Model.ToJson());
        AtomicFile.WriteAllText(outPath + ".vocab.json", new Vocabulary(state.Vocabulary).ToJson());
        return [.. tensors.Keys];
    }
}
