using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.SavedPipeline;

namespace MlNetPositional;

/// <summary>
/// <c>mlContext.Model.LoadWithBatchedPositionalEmbedding(...)</c> and
/// <c>mlContext.Model.LoadWithDataLoaderAndBatchedPositionalEmbedding(...)</c>: load a saved pipeline
/// as <c>Model.Load</c> and <c>Model.LoadWithDataLoader</c> do, and put the batched
/// <see cref="PositionalEmbeddingTransformer"/> back where it was.
/// </summary>
/// <remarks>
/// <para>A pipeline that contains <c>ApplyPositionalEmbedding</c> saves it as stock ML.NET transforms, so
/// <c>mlContext.Model.Load</c> works with no reference to this library, but those score one row per
/// ONNX Runtime call and always truncate over-long rows. These methods load the same file with plain
/// ML.NET, recognise each chain this library saved (by a record it wrote into the saved graph's
/// metadata) and replace it with the batched transformer over the same model, with the same columns,
/// pooling, <see cref="PositionalOverLength"/> rule, batch size and threads. Every other transform
/// is returned as loaded; a file with none of ours loads exactly as <c>Model.Load</c> loads it.</para>
/// <para>Every file <c>Model.Load</c> reads loads batched: saved with its input schema, with none
/// (<c>Model.Save(model, null, path)</c>), with a schema that is not its input, or with a data loader
/// (<c>Model.Save(model, loader, path)</c>); the transform alone or in nested chains. The token
/// column's type is read from the saved graph, so the input schema is never needed; it is returned as
/// <c>Model.Load</c> returns it (null when the file has none).</para>
/// <para>A load leaves no file behind: the temp-folder copies of the graphs that stock ML.NET makes
/// while loading are deleted when the transforms it made are disposed: at once for those replaced,
/// and for all of them when the load fails.</para>
/// </remarks>
public static class PositionalEmbeddingModelOperations
{
    /// <summary>Loads the pipeline at <paramref name="filePath"/> with batched positional embedding (see remarks).</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">A zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The schema the pipeline was saved with (a data loader's output schema for a file saved with one); null when it was saved without one.</param>
    /// <returns>The loaded pipeline.</returns>
    /// <exception cref="Contract.InvalidOnnxModelException">A graph saved by this library is damaged, or was saved by a version of this library whose record this one cannot read; the message says what to do.</exception>
    public static ITransformer LoadWithBatchedPositionalEmbedding(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema? inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var file = File.OpenRead(filePath);
        return BatchedPipelineLoader.Load(catalog, file, filePath, PositionalEmbeddingTransformer.Create, out inputSchema);
    }

    /// <summary>Loads a pipeline from <paramref name="stream"/> with batched positional embedding (see remarks).</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A zip written by <c>mlContext.Model.Save</c>; read to its end.</param>
    /// <param name="inputSchema">The schema the pipeline was saved with (a data loader's output schema for a file saved with one); null when it was saved without one.</param>
    /// <returns>The loaded pipeline.</returns>
    /// <exception cref="Contract.InvalidOnnxModelException">A graph saved by this library is damaged, or was saved by a version of this library whose record this one cannot read; the message says what to do.</exception>
    public static ITransformer LoadWithBatchedPositionalEmbedding(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema? inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return BatchedPipelineLoader.Load(catalog, stream, "the model stream", PositionalEmbeddingTransformer.Create, out inputSchema);
    }

    /// <summary>
    /// Loads the pipeline at <paramref name="filePath"/>, saved with a data loader, as
    /// <c>Model.LoadWithDataLoader</c> does, with batched positional embedding (see remarks).
    /// </summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">A zip written by <c>mlContext.Model.Save(model, loader, path)</c>.</param>
    /// <param name="loader">The data loader saved with the pipeline.</param>
    /// <returns>The loaded pipeline.</returns>
    /// <exception cref="InvalidOperationException">The file has no data loader (ML.NET's own error, which says to use <c>Load</c>).</exception>
    /// <exception cref="Contract.InvalidOnnxModelException">A graph saved by this library is damaged, or was saved by a version of this library whose record this one cannot read; the message says what to do.</exception>
    public static ITransformer LoadWithDataLoaderAndBatchedPositionalEmbedding(this ModelOperationsCatalog catalog, string filePath, out IDataLoader<IMultiStreamSource> loader)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var file = File.OpenRead(filePath);
        return BatchedPipelineLoader.LoadWithDataLoader(catalog, file, filePath, PositionalEmbeddingTransformer.Create, out loader);
    }

    /// <summary>
    /// Loads a pipeline saved with a data loader from <paramref name="stream"/>, as
    /// <c>Model.LoadWithDataLoader</c> does, with batched positional embedding (see remarks).
    /// </summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A zip written by <c>mlContext.Model.Save(model, loader, stream)</c>; read to its end.</param>
    /// <param name="loader">The data loader saved with the pipeline.</param>
    /// <returns>The loaded pipeline.</returns>
    /// <exception cref="InvalidOperationException">The stream has no data loader (ML.NET's own error, which says to use <c>Load</c>).</exception>
    /// <exception cref="Contract.InvalidOnnxModelException">A graph saved by this library is damaged, or was saved by a version of this library whose record this one cannot read; the message says what to do.</exception>
    public static ITransformer LoadWithDataLoaderAndBatchedPositionalEmbedding(this ModelOperationsCatalog catalog, Stream stream, out IDataLoader<IMultiStreamSource> loader)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return BatchedPipelineLoader.LoadWithDataLoader(catalog, stream, "the model stream", PositionalEmbeddingTransformer.Create, out loader);
    }
}
