using Microsoft.ML;
using MlNetPositional.Onnx.IO;
using MlNetPositional.Runtime;
using MlNetPositional.Scoring;
using MlNetPositional.Stock;

namespace MlNetPositional;

/// <summary>
/// Adds positional embeddings of a token column, computed by a model exported by MlNetPositional.
/// </summary>
/// <remarks>
/// <para><b>Needs</b> an input column that is a vector (variable or known size) of text tokens (e.g.
/// from <c>TokenizeIntoWords</c>; looked up in the model's vocabulary, unknown tokens become
/// <c>[UNK]</c>), of keys with key-value annotations (e.g. from <c>MapValueToKey</c>; matched to the
/// vocabulary by their text, not their index), or of Int32 / Int64 token ids (used as they are).</para>
/// <para><b>Produces</b> a known-size vector of Single: <c>dim</c> values for
/// <see cref="PositionalPooling.Mean"/>, <see cref="PositionalPooling.Max"/> and
/// <see cref="PositionalPooling.First"/>; <c>max_length x dim</c> for <see cref="PositionalPooling.None"/>
/// (zeros past the sequence), so any ML.NET trainer can consume it. An empty sequence gives zeros.</para>
/// <para><b>Errors</b>: schema problems (missing column, not a vector, unsupported item type) are
/// raised by <see cref="Fit"/> and <see cref="GetOutputSchema"/>, naming the column and the type
/// found; ids outside the vocabulary, negative ids and (with <see cref="PositionalOverLength.Error"/>)
/// over-long sequences raise <see cref="PositionalInputException"/> naming the row.</para>
/// <para>Fitting reads no data: it loads the model and checks the schema.</para>
/// </remarks>
public sealed class PositionalEmbeddingEstimator : IEstimator<PositionalEmbeddingTransformer>
{
    private readonly MLContext _ml;
    private readonly PositionalEmbeddingOptions _options;

    internal PositionalEmbeddingEstimator(MLContext ml, PositionalEmbeddingOptions options)
    {
        options.Validate();
        (_ml, _options) = (ml, options);
    }

    /// <inheritdoc />
    public PositionalEmbeddingTransformer Fit(IDataView input)
    {
        var model = PositionalEmbeddingModel.Load(_options.ModelPath, _options.IntraOpThreads);
        var exported = model.Graph;
        try
        {
            var column = TokenColumn.Bind(input.Schema, _options.InputColumnName, model.Metadata.Vocabulary);
            var stock = StockPipeline.Create(_ml, exported, model.Metadata, Copy(_options), column.Kind, column.FixedLength, column.KeyToId).Fit(input);
            return new PositionalEmbeddingTransformer(Copy(_options), model, column, stock);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var kind = TokenColumn.KindOf(inputSchema, _options.InputColumnName);
        var exported = OnnxModelFile.Read(_options.ModelPath);
        var metadata = OnnxModelFile.ReadMetadata(exported, _options.ModelPath);
        return StockPipeline.Create(_ml, exported, metadata, _options, kind, fixedLength: null, keyToId: null).GetOutputSchema(inputSchema);
    }

    private static PositionalEmbeddingOptions Copy(PositionalEmbeddingOptions o) => new()
    {
        OutputColumnName = o.OutputColumnName,
        InputColumnName = o.InputColumnName,
        ModelPath = o.ModelPath,
        Pooling = o.Pooling,
        OverLength = o.OverLength,
        BatchSize = o.BatchSize,
        IntraOpThreads = o.IntraOpThreads,
    };
}
