using Microsoft.ML;

namespace MlNetPositional;

/// <summary><c>mlContext.Transforms.ApplyPositionalEmbedding(...)</c>.</summary>
public static class PositionalEmbeddingCatalog
{
    /// <summary>
    /// Embeds the tokens of <paramref name="inputColumnName"/> with the exported model at
    /// <paramref name="modelPath"/> into <paramref name="outputColumnName"/> (see <see cref="PositionalEmbeddingEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to create: a known-size Single vector. May be the input's name (in place).</param>
    /// <param name="inputColumnName">Vector of text tokens, keys, or Int32/Int64 ids; or raw text (scalar Text), split by the model's own tokenizer.</param>
    /// <param name="modelPath">ONNX file exported by MlNetPositional.</param>
    /// <param name="pooling">How token vectors become the output.</param>
    public static PositionalEmbeddingEstimator ApplyPositionalEmbedding(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, string modelPath, PositionalPooling pooling = PositionalPooling.Mean) =>
        catalog.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelPath = modelPath,
            Pooling = pooling,
        });

    /// <summary>Embeds tokens with every setting of <paramref name="options"/> (copied: later changes to it have no effect).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, model, pooling, over-length rule, batch size, threads.</param>
    /// <exception cref="ArgumentException">An invalid setting, named.</exception>
    public static PositionalEmbeddingEstimator ApplyPositionalEmbedding(this TransformsCatalog catalog, PositionalEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new(options);
    }
}
