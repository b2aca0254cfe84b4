using Microsoft.ML;
using MlNetPositional.Stock;

namespace MlNetPositional;

/// <summary>
/// <c>mlContext.Model.LoadWithBatchedPositionalEmbedding(...)</c>: loads a saved pipeline and puts
/// the batched <see cref="PositionalEmbeddingTransformer"/> back where it was.
/// </summary>
/// <remarks>
/// A pipeline that contains <c>ApplyPositionalEmbedding</c> saves it as stock ML.NET transforms, so
/// <c>mlContext.Model.Load</c> works with no reference to this library, but those score one row per
/// ONNX Runtime call and always truncate over-long rows. These methods load the same file with plain
/// ML.NET, recognise each chain this library saved (by a record it wrote into the saved graph's
/// metadata) and replace it with the batched transformer over the same model, with the same columns,
/// pooling, <see cref="PositionalOverLength"/> rule, batch size and threads. Every other transform
/// is returned as loaded; a file with none of ours loads exactly as <c>Model.Load</c> loads it.
/// </remarks>
public static class PositionalEmbeddingModelOperations
{
    /// <summary>Loads the pipeline at <paramref name="filePath"/> with batched positional embedding (see remarks).</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">A zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The schema the pipeline was saved with.</param>
    /// <returns>The loaded pipeline.</returns>
    /// <exception cref="Contract.InvalidOnnxModelException">A graph saved by this library is damaged.</exception>
    public static ITransformer LoadWithBatchedPositionalEmbedding(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var file = File.OpenRead(filePath);
        return BatchedPipelineLoader.Load(catalog, file, filePath, out inputSchema);
    }

    /// <summary>Loads a pipeline from <paramref name="stream"/> with batched positional embedding (see remarks).</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A zip written by <c>mlContext.Model.Save</c>; read to its end.</param>
    /// <param name="inputSchema">The schema the pipeline was saved with.</param>
    /// <returns>The loaded pipeline.</returns>
    /// <exception cref="Contract.InvalidOnnxModelException">A graph saved by this library is damaged.</exception>
    public static ITransformer LoadWithBatchedPositionalEmbedding(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return BatchedPipelineLoader.Load(catalog, stream, "the model stream", out inputSchema);
    }
}
