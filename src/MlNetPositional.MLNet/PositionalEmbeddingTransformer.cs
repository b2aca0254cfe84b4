using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Runtime;
using MlNetPositional.Scoring;

namespace MlNetPositional;

/// <summary>
/// The fitted <see cref="PositionalEmbeddingEstimator"/>: maps a token column to positional
/// embeddings with an exported MlNetPositional model in ONNX Runtime. <see cref="Transform"/> streams
/// and scores <see cref="PositionalEmbeddingOptions.BatchSize"/> rows per ONNX Runtime call; a
/// PredictionEngine scores one row per call.
/// </summary>
/// <remarks>
/// Saving writes the equivalent stock ML.NET chain (ApplyOnnxModel over a graph specialised for the
/// input column, preceded by MapValueToKey for text), because ML.NET keeps its loader API internal.
/// <c>mlContext.Model.Load</c> therefore returns that stock chain: it needs only ML.NET and ONNX
/// Runtime, gives the same values, scores one row per call, and truncates over-long sequences (the
/// <see cref="PositionalOverLength.Error"/> check lives in this class). For batched speed after
/// loading, fit this estimator again on the same model file: fitting reads no data.
/// </remarks>
public sealed class PositionalEmbeddingTransformer : ITransformer, IDisposable
{
    private readonly PositionalEmbeddingModel _model;
    private readonly TokenColumn _column;
    private readonly ITransformer _stock;

    internal PositionalEmbeddingTransformer(PositionalEmbeddingOptions options, PositionalEmbeddingModel model, TokenColumn column, ITransformer stock)
    {
        (Options, _model, _column, _stock) = (options, model, column, stock);
        OutputType = new VectorDataViewType(NumberDataViewType.Single, 1, Pooler.OutputSize(options.Pooling, model.Dim, model.MaxLength));
    }

    /// <summary>The settings the estimator was fitted with.</summary>
    public PositionalEmbeddingOptions Options { get; }

    /// <summary>The output column.</summary>
    public string OutputColumnName => Options.OutputColumnName;

    /// <summary>The token column.</summary>
    public string InputColumnName => Options.InputColumnName;

    /// <summary>The output column's type: Single vector of dim (pooled) or max_length x dim (<see cref="PositionalPooling.None"/>).</summary>
    public VectorDataViewType OutputType { get; }

    /// <summary>The model's metadata (config, vocabulary, producer).</summary>
    public Onnx.Contract.ModelMetadata ModelMetadata => _model.Metadata;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        TokenColumn.Bind(inputSchema, InputColumnName, _model.Metadata.Vocabulary);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema.Where(c => c.Name != OutputColumnName || c.IsHidden));
        builder.AddColumn(OutputColumnName, OutputType);
        return builder.ToSchema();
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new PositionalEmbeddingRowMapper(this, inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        GetOutputSchema(input.Schema);
        return new PositionalEmbeddingDataView(input, this);
    }

    /// <summary>Saves the equivalent stock ML.NET chain (see remarks).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _stock.Save(ctx);

    /// <inheritdoc />
    public void Dispose()
    {
        _model.Dispose();
        (_stock as IDisposable)?.Dispose();
    }

    internal BatchScorer CreateScorer() => new(_model, Options.Pooling);

    internal TokenReader CreateReader(DataViewRow row) =>
        new(row, TokenColumn.Bind(row.Schema, InputColumnName, _model.Metadata.Vocabulary), _model.Metadata.Vocabulary, _model.MaxLength, Options.OverLength, _model.Metadata.Tokenizer);
}
