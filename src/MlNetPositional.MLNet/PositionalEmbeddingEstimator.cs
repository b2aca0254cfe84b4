using Microsoft.ML;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;
using MlNetPositional.Scoring;

namespace MlNetPositional;

/// <summary>
/// Adds positional embeddings of a token column, computed by a model exported by MlNetPositional.
/// </summary>
/// <remarks>
/// <para><b>Needs</b> an input column that is a vector (variable or known size) of text tokens (e.g.
/// from <c>TokenizeIntoWords</c>; looked up in the model's vocabulary, unknown tokens become
/// <c>[UNK]</c>), of keys with key-value annotations (e.g. from <c>MapValueToKey</c>; matched to the
/// vocabulary by their text, not their index), or of Int32 / Int64 token ids (used as they are); or
/// raw text, a scalar Text column, split by the model's own tokenizer (its metadata's tokenizer record):
/// <c>mlnet-words</c> by NormalizeText + TokenizeIntoWords and <c>chars</c> by
/// TokenizeIntoCharactersAsKeys, the ML.NET transforms the model was trained with, <c>tiktoken:*</c>
/// and <c>wordpiece</c> (adopted BERT models: <c>[CLS] ... [SEP]</c>) in .NET. The tokens live only
/// inside the transform; a model without a tokenizer record (trained on ids) refuses raw text.</para>
/// <para><b>Produces</b> a known-size vector of Single: <c>dim</c> values for
/// <see cref="PositionalPooling.Mean"/>, <see cref="PositionalPooling.Max"/> and
/// <see cref="PositionalPooling.First"/>; <c>max_length x dim</c> for <see cref="PositionalPooling.None"/>
/// (zeros past the sequence), so any ML.NET trainer can consume it. An empty sequence gives zeros.
/// The output may reuse a column's name (the old column is hidden) or the input's own (in place).</para>
/// <para><b>Errors</b>: schema problems (missing column, not a vector, unsupported item type) are
/// raised by <see cref="Fit"/> and <see cref="GetOutputSchema"/>, naming the column and the type
/// found (and raw text given to a model without a tokenizer); ids outside the vocabulary, negative
/// ids and (with <see cref="PositionalOverLength.Error"/>) over-long sequences raise
/// <see cref="PositionalInputException"/> naming the row and column. <see cref="PositionalOverLength.Truncate"/>
/// keeps the first tokens; of raw text split by WordPiece, the closing <c>[SEP]</c> stays last.</para>
/// <para><b>Saving</b> (see <see cref="PositionalEmbeddingTransformer"/>): raw text split by
/// <c>mlnet-words</c> or <c>chars</c> saves with those stock ML.NET transforms in front; raw text split
/// by <c>tiktoken:*</c> or <c>wordpiece</c> cannot be saved (stock ML.NET has no such transform):
/// <c>Model.Save</c> throws <see cref="NotSupportedException"/>.</para>
/// <para><b>Cost</b>: fitting reads no data; it loads the model into one ONNX Runtime session. The
/// encoder runs every time the output is read, so put <c>AppendCacheCheckpoint</c> after this
/// transform when a trainer makes several passes over the data (L-BFGS, SDCA, FastTree, ...):
/// otherwise each pass embeds every row again (see the README for the measured difference).</para>
/// </remarks>
public sealed class PositionalEmbeddingEstimator : IEstimator<PositionalEmbeddingTransformer>
{
    private readonly TransformSettings _settings;

    internal PositionalEmbeddingEstimator(PositionalEmbeddingOptions options) => _settings = options.ToSettings();

    /// <inheritdoc />
    /// <remarks>Reads the model file once, into one ONNX Runtime session that the transformer owns.</remarks>
    public PositionalEmbeddingTransformer Fit(IDataView input)
    {
        var model = PositionalEmbeddingModel.Load(_settings.ModelPath, _settings.IntraOpThreads);
        return PositionalEmbeddingTransformer.Create(model, _settings, input.Schema);
    }

    /// <inheritdoc />
    /// <remarks>Reads only the model's metadata; no ONNX Runtime session is created.</remarks>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var kind = TokenColumn.KindOf(inputSchema, _settings.InputColumnName);
        var metadata = ModelFileMetadata.Read(_settings.ModelPath);
        if (kind == TokenColumnKind.RawText && metadata.TokenizerRecord is null)
        {
            throw TextTokens.NoTokenizer(_settings.InputColumnName, _settings.ModelPath);
        }

        var config = metadata.Config;
        var options = _settings.ToScoringOptions();
        return OutputShape.WithSingleVector(inputSchema, _settings.OutputColumnName, Pooler.OutputSize(options.Pooling, config.Dim, LengthLimit.For(options.MaxLength, options.Pooling, config)));
    }
}
