using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Runtime;
using MlNetPositional.Scoring;
using MlNetPositional.Stock;

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
/// loads the same file with this batched transformer back in place, settings included.</para>
/// </remarks>
public sealed class PositionalEmbeddingTransformer : ITransformer, IDisposable
{
    private readonly TransformSettings _settings;
    private readonly PositionalEmbeddingModel _model;
    private readonly DataViewSchema _fitSchema;

    internal PositionalEmbeddingTransformer(TransformSettings settings, PositionalEmbeddingModel model, DataViewSchema fitSchema)
    {
        (_settings, _model, _fitSchema) = (settings, model, fitSchema);
        MaxSequenceLength = LengthLimit.For(settings, model.Metadata.Config);
        OutputType = new VectorDataViewType(NumberDataViewType.Single, 1, Pooler.OutputSize(settings.Pooling, model.Dim, MaxSequenceLength));
        TokenColumn.Bind(fitSchema, InputColumnName, model.Metadata.Vocabulary);
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName => _settings.OutputColumnName;

    /// <summary>The token column.</summary>
    public string InputColumnName => _settings.InputColumnName;

    /// <summary>
    /// The model file the estimator was given (for a transformer restored from a saved pipeline, the
    /// path it was fitted with); empty for a model trained in Fit and kept in memory.
    /// </summary>
    public string ModelPath => _settings.ModelPath;

    /// <summary>How token vectors become the output.</summary>
    public PositionalPooling Pooling => _settings.Pooling;

    /// <summary>What happens to sequences longer than the model's max length.</summary>
    public PositionalOverLength OverLength => _settings.OverLength;

    /// <summary>The longest sequence passed to the model (<see cref="int.MaxValue"/>: no limit, for rope and alibi models without MaxLength).</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Rows per ONNX Runtime call in <see cref="Transform"/>.</summary>
    public int BatchSize => _settings.BatchSize;

    /// <summary>ONNX Runtime intra-op threads per call (0: automatic, see <see cref="PositionalEmbeddingOptions.IntraOpThreads"/>).</summary>
    public int IntraOpThreads => _settings.IntraOpThreads;

    /// <summary>The output column's type: Single vector of dim (pooled) or max_length x dim (<see cref="PositionalPooling.None"/>).</summary>
    public VectorDataViewType OutputType { get; }

    /// <summary>The model's metadata (config, vocabulary, producer).</summary>
    public Contract.ModelMetadata ModelMetadata => _model.Metadata;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    internal TransformSettings Settings => _settings;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Map(inputSchema).Output;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new PositionalEmbeddingRowMapper(this, Map(inputSchema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => new PositionalEmbeddingDataView(input, this, Map(input.Schema));

    /// <summary>Saves the equivalent stock ML.NET chain (see remarks), built now and disposed after writing.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        using var stock = StockPipeline.Fit(_model, _settings, _fitSchema);
        stock.Transformer.Save(ctx);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    /// <summary>Checks the token column of <paramref name="inputSchema"/> and lays out the output.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The token column is missing or of a type the transform cannot take.</exception>
    internal ColumnMap Map(DataViewSchema inputSchema)
    {
        var tokens = TokenColumn.Bind(inputSchema, InputColumnName, _model.Metadata.Vocabulary);
        return new ColumnMap(inputSchema, tokens, OutputColumnName, OutputType);
    }

    internal BatchScorer CreateScorer() => new(_model, Pooling, ScoringPlan.For(_settings, _model.Metadata.Config), MaxSequenceLength);

    /// <summary>A reader of <paramref name="tokens"/> on <paramref name="row"/>, whose schema is the one the column was bound on.</summary>
    internal TokenReader CreateReader(DataViewRow row, TokenColumn tokens) =>
        new(row, tokens, _model.Metadata.Vocabulary, MaxSequenceLength, OverLength, _model.Metadata.TokenizerRecord);
}
