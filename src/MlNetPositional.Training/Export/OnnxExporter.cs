using System.Reflection;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Model;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Training.Export;

/// <summary>
/// Exports the encoder of a trained model to a self-describing ONNX file: inputs <c>input_ids</c>
/// and <c>attention_mask</c>, outputs <c>embeddings</c> and <c>pooled</c> (see <see cref="ModelContract"/>),
/// config, vocabulary, producer, seed and final metrics in metadata_props. The task head is not exported.
/// </summary>
public static class OnnxExporter
{
    /// <summary>This library's version, written as the producer version.</summary>
    public static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Builds the ONNX model of <paramref name="encoder"/>.</summary>
    /// <param name="encoder">The trained encoder.</param>
    /// <param name="vocabulary">The vocabulary its token ids index.</param>
    /// <param name="opset">17 to 21; the IR version follows.</param>
    /// <param name="trainingSeed">Written to metadata when known.</param>
    /// <param name="metricsJson">Final evaluation metrics, written to metadata when known.</param>
    /// <param name="tokenizer">How text was tokenised for training, when the model was trained on text.</param>
    internal static ModelProto Export(PositionalEncoder encoder, Vocabulary vocabulary, int opset = OnnxVersions.DefaultOpset, int? trainingSeed = null, string? metricsJson = null, Text.TextTokenizer? tokenizer = null)
    {
        if (OnnxVersions.OpsetProblem(opset, "opset") is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(opset), opset, problem);
        }

        if (vocabulary.Count != encoder.Config.VocabSize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens but the model's vocab_size is {encoder.Config.VocabSize}.", nameof(vocabulary));
        }

        var metadata = new ModelMetadata
        {
            Config = encoder.Config,
            Vocabulary = vocabulary,
            ProducerVersion = ProducerVersion,
            TrainingSeed = trainingSeed,
            MetricsJson = metricsJson,
            Tokenizer = tokenizer?.Description,
            TokenizerRecord = tokenizer?.Record,
        };
        var wasTraining = encoder.training;
        encoder.eval();
        try
        {
            return EncoderGraph.Build(encoder, opset).Build(opset, ProducerVersion, metadata.ToProperties(),
                $"MlNetPositional encoder: {encoder.Config.Positional.ToName()} positions, {encoder.Config.Layers} layer(s), dim {encoder.Config.Dim}.");
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }

    /// <summary>Exports the run in <paramref name="checkpointDir"/> to <paramref name="outPath"/>, atomically.</summary>
    /// <returns>What was written.</returns>
    /// <exception cref="InvalidCheckpointException">The directory holds no readable checkpoint.</exception>
    public static OnnxModelSummary ExportCheckpoint(string checkpointDir, string outPath, int opset = OnnxVersions.DefaultOpset)
    {
        var files = new RunFiles(checkpointDir);
        var (state, model) = CheckpointModel.Load(files.Checkpoint);
        using var _ = model;
        var vocabulary = new Vocabulary(state.Vocabulary);
        var metrics = File.Exists(files.Metrics)
            ? File.ReadAllText(files.Metrics)
            : JsonSerializer.Serialize(new { steps = state.Step, eval_loss = state.EvalLoss, eval_accuracy = state.EvalAccuracy });
        var onnx = Export(model.Encoder, vocabulary, opset, state.Training.Seed, metrics, state.Training.Data?.FileTokenizer);
        OnnxModelFile.Write(outPath, onnx);
        return OnnxModelSummary.Of(onnx, Path.GetFullPath(outPath), new FileInfo(outPath).Length);   // what was written, without reading it back
    }
}
