using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using MlNetPositional.SavedPipeline;
using MlNetPositional.Scoring;

namespace MlNetPositional;

/// <summary>
/// The fitted <see cref="PositionalEmbeddingEstimator"/>: maps a token column to positional
/// embeddings with an exported MlNetPositional model in ONNX Runtime. <see cref="Transform"/> streams,
/// reading <see cref="BatchSize"/> rows ahead and scoring them in ONNX Runtime calls of similar
/// lengths run concurrently; a PredictionEngine scores one row per call.
/// </summary>
/// <remarks>
/// <para><b>Columns</b> behave as in ML.NET's own transforms: the output is appended after every input
/// column; an input column with the output's name stays in the schema, hidden; in-place use
/// (output name = input name) replaces the token column the same way.</para>
/// <para><b>Cursors</b>: when the input can shuffle, so can the output, and each shuffled row keeps
/// its own embedding. A cursor set is always one cursor, and one cursor already uses every core: it
/// runs the ONNX Runtime calls of each batch concurrently. It could not be more: batching pairs a
/// cursor that reads tokens a batch ahead with one that serves the other columns, which must visit
/// the same rows in the same order, and ML.NET's parallel cursor sets hand rows to their cursors as
/// they are asked for, so two sets cannot be paired.</para>
/// <para><b>Saving</b> writes the equivalent stock ML.NET chain (ApplyOnnxModel over a graph
/// specialised for the input column, with MapValueToKey for text), because ML.NET keeps its loader
/// API internal, so <c>mlContext.Model.Load</c> needs only ML.NET and ONNX Runtime. That chain scores
/// one row per call and truncates over-long rows; <see cref="PositionalEmbeddingModelOperations.LoadWithBatchedPositionalEmbedding(ModelOperationsCatalog, string, out DataViewSchema)"/>
/// loads the same file with this batched transformer back in place, settings included. A raw-text
/// column split by <c>mlnet-words</c> or <c>chars</c> saves with the model's stock ML.NET tokenizer in
/// front (NormalizeText + TokenizeIntoWords, or TokenizeIntoCharactersAsKeys, into a temporary column
/// dropped after scoring), so stock <c>Model.Load</c> gives the same vectors. A raw-text column split by
/// <c>tiktoken:*</c> or <c>wordpiece</c> cannot be saved, because stock ML.NET has no transform that
/// makes those tokens and ML.NET keeps custom loaders internal: <c>Model.Save</c> throws
/// <see cref="NotSupportedException"/>. Tokenize into an Int64 ids column first (with
/// <see cref="Text.TextTokenizer"/> or Microsoft.ML.Tokenizers) to save such a pipeline, or keep the
/// fitted transformer.</para>
/// </remarks>
public sealed class PositionalEmbeddingTransformer : ITransformer, IDisposable
{
    private readonly TransformScoring _scoring;
    private readonly DataViewSchema _fitSchema;

    /// <summary>The transformer over <paramref name="model"/>, which it owns from here on.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The token column of <paramref name="fitSchema"/> does not bind, or MaxLength does not fit the model.</exception>
    private PositionalEmbeddingTransformer(TransformSettings settings, PositionalEmbeddingModel model, DataViewSchema fitSchema)
    {
        (_scoring, _fitSchema) = (new TransformScoring(model, settings), fitSchema);
        _scoring.Map(fitSchema);
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName => Settings.OutputColumnName;

    /// <summary>The token column (or raw-text column).</summary>
    public string InputColumnName => Settings.InputColumnName;

    /// <summary>
    /// The model file the estimator was given (for a transformer restored from a saved pipeline, the
    /// path it was fitted with); empty for a model trained in Fit and kept in memory.
    /// </summary>
    public string ModelPath => Settings.ModelPath;

    /// <summary>How token vectors become the output.</summary>
    public PositionalPooling Pooling => Settings.Pooling;

    /// <summary>What happens to sequences longer than the model's max length.</summary>
    public PositionalOverLength OverLength => Settings.OverLength;

    /// <summary>The longest sequence passed to the model (<see cref="int.MaxValue"/>: no limit, for rope and alibi models without MaxLength).</summary>
    public int MaxSequenceLength => _scoring.MaxLength;

    /// <summary>Rows per ONNX Runtime call in <see cref="Transform"/>.</summary>
    public int BatchSize => Settings.BatchSize;

    /// <summary>ONNX Runtime intra-op threads per call (0: automatic, see <see cref="PositionalEmbeddingOptions.IntraOpThreads"/>).</summary>
    public int IntraOpThreads => Settings.IntraOpThreads;

    /// <summary>The output column's type: Single vector of dim (pooled) or max_length x dim (<see cref="PositionalPooling.None"/>).</summary>
    public VectorDataViewType OutputType => _scoring.OutputType;

    /// <summary>The model's metadata (config, vocabulary, producer).</summary>
    public Contract.ModelMetadata ModelMetadata => _scoring.Model.Metadata;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    internal TransformSettings Settings => _scoring.Settings;

    /// <summary>
    /// The transformer over a model already loaded (for example one just trained and exported in
    /// memory), for the token column of <paramref name="inputSchema"/>, with the columns, pooling,
    /// over-length rule, max length and batch size of <paramref name="options"/>. Its ONNX Runtime
    /// threads are the ones <paramref name="model"/> was loaded with; <c>options.ModelPath</c> may be
    /// empty (a model without a file) and is only recorded, as <see cref="ModelPath"/>.
    /// </summary>
    /// <param name="model">The model session. The transformer owns it from this call on and disposes it with itself, or at once if this call throws.</param>
    /// <param name="options">Columns and scoring settings (copied).</param>
    /// <param name="inputSchema">The schema of the data the transformer will see: its token column is bound now.</param>
    /// <exception cref="ArgumentException">An invalid setting, a token column that is missing or of a type the transform cannot take, or a MaxLength past the model's table; named.</exception>
    public static PositionalEmbeddingTransformer Create(PositionalEmbeddingModel model, PositionalEmbeddingOptions options, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(inputSchema);
            var settings = options.ToSettings(requireModelPath: false) with { IntraOpThreads = model.IntraOpThreads };
            return new PositionalEmbeddingTransformer(settings, model, inputSchema);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The transformer over an already loaded model, which it owns; disposes the model if the schema or settings are refused.</summary>
    internal static PositionalEmbeddingTransformer Create(PositionalEmbeddingModel model, TransformSettings settings, DataViewSchema fitSchema)
    {
        try
        {
            return new PositionalEmbeddingTransformer(settings, model, fitSchema);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scoring.Map(inputSchema).Output;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new PositionalEmbeddingRowMapper(_scoring, _scoring.Map(inputSchema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => new PositionalEmbeddingDataView(input, _scoring, _scoring.Map(input.Schema));

    /// <summary>Saves the equivalent stock ML.NET chain (see remarks), built now and disposed after writing.</summary>
    /// <exception cref="NotSupportedException">Raw text split by Tiktoken or WordPiece (see remarks).</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        using var stock = StockPipeline.Fit(_scoring.Model, Settings, _fitSchema);
        stock.Transformer.Save(ctx);
    }

    /// <inheritdoc />
    public void Dispose() => _scoring.Model.Dispose();
}
