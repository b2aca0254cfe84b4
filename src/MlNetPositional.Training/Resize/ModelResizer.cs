using System.Runtime.InteropServices;
using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Model;
using MlNetPositional.Training.PyTorch;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Resize;

/// <summary>
/// Gives a checkpoint or an exported model a new max length by resizing its position table
/// (<see cref="PositionTableResizer"/>); everything else is kept. A resized checkpoint continues with
/// <c>train --resume DIR --steps N</c>, which fine-tunes at the new length.
/// </summary>
public static class ModelResizer
{
    /// <summary>Writes the resized run to <paramref name="outDir"/> (which must not hold a checkpoint): weights, a fresh optimizer state, early stopping reset, the train log kept.</summary>
    /// <exception cref="InvalidCheckpointException">No readable checkpoint.</exception>
    /// <exception cref="ArgumentException">The model has no position table, or the new length does not fit the method or the run's settings.</exception>
    /// <exception cref="IOException"><paramref name="outDir"/> already holds a checkpoint.</exception>
    public static CheckpointState ResizeCheckpoint(string checkpointDir, int maxLength, ResizeMethod method, string outDir)
    {
        var (source, target) = (new RunFiles(checkpointDir), new RunFiles(outDir));
        if (File.Exists(target.Checkpoint))
        {
            throw new IOException($"{target.Directory} already holds a checkpoint; choose another output directory.");
        }

        var (state, model) = CheckpointModel.Load(source.Checkpoint);
        using var _ = model;
        var config = state.Model;
        var table = model.Encoder.Embedding.PositionTable
            ?? throw new ArgumentException($"{source.Checkpoint}: positional '{config.Positional.ToName()}' has no position table to resize.", nameof(checkpointDir));
        var resizedConfig = config with { MaxLength = maxLength };
        var resizedState = state with
        {
            Model = resizedConfig,
            BestEvalLoss = double.MaxValue,
            EvalsWithoutImprovement = 0,
            StoppedEarly = false,
        };
        TrainingSpec.Validate(resizedConfig, state.Training, $"{source.Checkpoint} resized to max length {maxLength}");

        var resizedTable = PositionTableResizer.Resize(table.contiguous().data<float>().ToArray(), config.Dim, maxLength, method);
        using var resized = CheckpointModel.Create(resizedState);
        var weights = CanonicalNames.StateDict(model).Where(kv => !kv.Key.EndsWith(ModelContract.PositionTable, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        using var positions = tensor(resizedTable, [maxLength, config.Dim]);
        if (config.Positional != PositionalKind.Sinusoidal)
        {
            weights[$"{PositionalTaskModel.EncoderName}.{ModelContract.PositionTable}"] = positions;   // a fixed sinusoid table is rebuilt at the new length instead
        }
        using (no_grad())
        {
            resized.load_state_dict(weights, strict: false);
        }

        var (optimizer, _) = TrainingSession.CreateOptimizer(resized, state.Training);
        using (optimizer)
        {
            Directory.CreateDirectory(target.Directory);
            AtomicFile.WriteAllText(target.Config, resizedConfig.ToJson());
            if (File.Exists(source.Log))
            {
                AtomicFile.WriteAllText(target.Log, File.ReadAllText(source.Log));
            }

            CheckpointFile.Save(target.Checkpoint, resizedState, resized, optimizer);
        }

        return resizedState;
    }

    /// <summary>Writes the exported model at <paramref name="modelPath"/> with a resized position table to <paramref name="outPath"/> (atomically); the metadata's config follows.</summary>
    /// <exception cref="InvalidOnnxModelException">Not a model of this project, or one without a position table.</exception>
    public static ModelConfig ResizeModel(string modelPath, int maxLength, ResizeMethod method, string outPath)
    {
        var model = OnnxModelFile.Read(modelPath);
        var metadata = OnnxModelFile.ReadMetadata(model, modelPath);
        var table = model.Graph.Initializer.FirstOrDefault(i => i.Name == ModelContract.PositionTable)
            ?? throw new InvalidOnnxModelException(modelPath, $"positional '{metadata.Config.Positional.ToName()}' has no position table to resize.");
        var dim = metadata.Config.Dim;
        var resized = PositionTableResizer.Resize(TensorData.Floats(table), dim, maxLength, method);
        table.Dims.Clear();
        table.Dims.Add([maxLength, dim]);
        table.FloatData.Clear();
        table.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(resized.AsSpan()));

        var updated = metadata with { Config = metadata.Config with { MaxLength = maxLength } };
        var properties = updated.ToProperties();
        var keys = properties.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var kept = model.MetadataProps.Where(p => !keys.Contains(p.Key)).ToList();
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(kept);
        model.MetadataProps.AddRange(properties.Select(p => new Contract.Onnx.Schema.StringStringEntryProto { Key = p.Key, Value = p.Value }));
        OnnxModelFile.Write(outPath, model);
        return updated.Config;
    }
}
