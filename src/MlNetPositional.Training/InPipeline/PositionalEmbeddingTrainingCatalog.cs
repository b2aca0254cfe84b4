using Microsoft.ML;

namespace MlNetPositional;

/// <summary><c>mlContext.Transforms.TrainPositionalEmbedding(...)</c>: learn the embeddings in <c>pipeline.Fit</c>.</summary>
public static class PositionalEmbeddingTrainingCatalog
{
    /// <summary>
    /// Trains positional embeddings of <paramref name="inputColumnName"/> when the pipeline is fitted
    /// and writes them to <paramref name="outputColumnName"/> (see <see cref="PositionalEmbeddingTrainingEstimator"/>),
    /// with the defaults of <see cref="PositionalEmbeddingTrainingOptions"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to create: a known-size Single vector. May be the input's name (in place).</param>
    /// <param name="inputColumnName">Vector of text tokens, keys, or Int32/Int64 ids.</param>
    /// <param name="labelColumnName">Boolean, key or text label to classify; null to learn from the tokens alone (masked-token prediction).</param>
    /// <param name="pooling">How token vectors become the output.</param>
    public static PositionalEmbeddingTrainingEstimator TrainPositionalEmbedding(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, string? labelColumnName = null, PositionalPooling pooling = PositionalPooling.Mean) =>
        catalog.TrainPositionalEmbedding(new PositionalEmbeddingTrainingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Pooling = pooling,
        });

    /// <summary>Trains positional embeddings with every setting of <paramref name="options"/> (copied: later changes to it have no effect).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, model, training, where to keep the model.</param>
    /// <exception cref="ArgumentException">A setting that does not fit, named.</exception>
    public static PositionalEmbeddingTrainingEstimator TrainPositionalEmbedding(this TransformsCatalog catalog, PositionalEmbeddingTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new(catalog, options);
    }
}
