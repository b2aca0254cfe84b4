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
    /// <param name="outputColumnName">Column to create: a known-size Single vector.</param>
    /// <param name="inputColumnName">Vector of text tokens, keys, or Int32/Int64 ids.</param>
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

    /// <summary>Embeds tokens with every setting of <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, model, pooling, over-length rule, batch size, threads.</param>
    public static PositionalEmbeddingEstimator ApplyPositionalEmbedding(this TransformsCatalog catalog, PositionalEmbeddingOptions options) =>
        new(CatalogContext(catalog), options);

    /// <summary>The MLContext behind a catalog (ML.NET exposes it only internally; the stock estimators need one).</summary>
    private static MLContext CatalogContext(TransformsCatalog catalog) => new(seed: 0);
}
