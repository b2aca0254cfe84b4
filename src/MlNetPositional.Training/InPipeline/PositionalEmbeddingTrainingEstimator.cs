using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;
using MlNetPositional.Training.InPipeline;

namespace MlNetPositional;

/// <summary>
/// Learns positional embeddings of a token column inside <c>pipeline.Fit</c>: trains a model with
/// TorchSharp on the data, exports it to ONNX, and returns the same batched, ONNX Runtime-backed
/// <see cref="PositionalEmbeddingTransformer"/> that <c>ApplyPositionalEmbedding</c> returns.
/// </summary>
/// <remarks>
/// <para><b>Needs</b> a token column like <c>ApplyPositionalEmbedding</c>'s (a vector of text tokens,
/// of keys with key-value annotations, or of Int32 / Int64 ids) and, for classification, a label
/// column (Boolean, key or text, at least two classes). Rows without tokens or without a label are
/// skipped.</para>
/// <para><b>Learns</b> a vocabulary from the training rows (text and keys: [PAD], [UNK], [MASK], then
/// tokens by count; ids are used as they are), then trains to classify each sequence from its pooled
/// embedding, or, without a label, to predict masked tokens. A seeded share of rows is held out to
/// measure the model and stop early. Rows are streamed epoch after epoch (a view that can shuffle is
/// read in a seeded shuffled order each epoch); memory does not grow with the row count.</para>
/// <para><b>Keeps</b> the model in memory (and in the zip when the pipeline is saved), or also at
/// <see cref="PositionalEmbeddingTrainingOptions.ModelPath"/>. The saved pipeline is the stock ML.NET
/// chain <c>ApplyPositionalEmbedding</c> saves, so it loads and scores without TorchSharp.</para>
/// <para><b>Reports</b> to the MLContext's log (scan, every evaluation, the end) and to
/// <see cref="PositionalEmbeddingTrainingOptions.Progress"/>. Cancelling the MLContext or the options'
/// token stops training before the next step with <see cref="OperationCanceledException"/>; no
/// model file is written then.</para>
/// </remarks>
public sealed class PositionalEmbeddingTrainingEstimator : IEstimator<PositionalEmbeddingTransformer>
{
    private const string ComponentName = "TrainPositionalEmbedding";

    private readonly PipelineHost _host;
    private readonly PositionalEmbeddingTrainingOptions _options;

    internal PositionalEmbeddingTrainingEstimator(TransformsCatalog catalog, PositionalEmbeddingTrainingOptions options)
    {
        options.Validate();
        (_host, _options) = (PipelineHost.For(catalog, ComponentName), options.Copy());
    }

    /// <summary>Trains on <paramref name="input"/> and returns the fitted transformer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (named).</exception>
    /// <exception cref="Training.Corpus.InvalidCorpusException">The data cannot train a model: no rows with tokens, one class, an id out of range.</exception>
    /// <exception cref="Training.Checkpoints.InvalidCheckpointException">The checkpoint folder holds another run.</exception>
    /// <exception cref="Training.Runs.TrainingDivergedException">A loss, gradient or weight became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The MLContext or the options' token was cancelled.</exception>
    public PositionalEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rows = new DataViewTokenRows(input, _options.InputColumnName, _options.LabelColumnName, _options.Seed);
        var (onnx, _) = PipelineTraining.Train(rows, _options, _host);
        if (_options.ModelPath is { } path)
        {
            OnnxModelFile.Write(path, onnx);
        }

        // The exported model in memory: serialised once for ONNX Runtime, never parsed back.
        var model = PositionalEmbeddingModel.Load(onnx, _options.ModelPath ?? $"the model trained by {ComponentName}", _options.IntraOpThreads);
        return PositionalEmbeddingTransformer.Create(model, new PositionalEmbeddingOptions
        {
            OutputColumnName = _options.OutputColumnName,
            InputColumnName = _options.InputColumnName,
            ModelPath = _options.ModelPath ?? "",
            Pooling = _options.Pooling,
            OverLength = _options.OverLength,
            BatchSize = _options.ScoringBatchSize,
            IntraOpThreads = _options.IntraOpThreads,
        }, input.Schema);
    }

    /// <inheritdoc />
    /// <remarks>Checks the token and label columns and declares the output; trains nothing.</remarks>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        TrainingTokenColumn.KindOf(inputSchema, _options.InputColumnName);
        if (_options.LabelColumnName is { } label)
        {
            TrainingLabel.Check(inputSchema, label);
        }

        return PositionalEmbeddingColumns.WithOutput(inputSchema, _options.OutputColumnName, PositionalEmbeddingColumns.OutputSize(_options.Pooling, _options.Dim, _options.MaxLength));
    }
}
