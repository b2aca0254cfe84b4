using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// Loads a saved pipeline with stock ML.NET, then swaps each chain this library saved for the batched
/// transformer (found by <see cref="SavedPipelineFile"/>, restored by <see cref="SavedScoringGraph"/>).
/// </summary>
/// <remarks>
/// Nothing of a load outlives it but the returned pipeline. Stock ML.NET's OnnxTransformer spills each
/// saved graph to a file in the context's temp folder and deletes it only when disposed
/// (dotnet/machinelearning#5342). So every transformer restored first; only when all are, the
/// pipeline is put together and the stock transforms they replace are disposed; if any restore
/// fails, everything the load made (the stock pipeline and the transformers restored so far) is
/// disposed before the error goes up.
/// </remarks>
internal static class BatchedPipelineLoader
{
    /// <summary>As <c>Model.Load(stream, out inputSchema)</c>, batched; <paramref name="restore"/> makes the batched transformer of each saved form found.</summary>
    public static ITransformer Load(ModelOperationsCatalog catalog, Stream stream, string source, BatchedTransformerFactory restore, out DataViewSchema? inputSchema)
    {
        using var buffer = Buffer(stream);
        var loaded = catalog.Load(buffer, out inputSchema);
        return PutBatchedBack(loaded, buffer, source, restore);
    }

    /// <summary>As <c>Model.LoadWithDataLoader(stream, out loader)</c>, batched; <paramref name="restore"/> makes the batched transformer of each saved form found.</summary>
    public static ITransformer LoadWithDataLoader(ModelOperationsCatalog catalog, Stream stream, string source, BatchedTransformerFactory restore, out IDataLoader<IMultiStreamSource> loader)
    {
        using var buffer = Buffer(stream);
        var loaded = catalog.LoadWithDataLoader(buffer, out loader);
        return PutBatchedBack(loaded, buffer, source, restore);
    }

    /// <summary>ML.NET reads the zip, then so does this loader: a copy in memory serves both, from any stream.</summary>
    private static MemoryStream Buffer(Stream stream)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    private static ITransformer PutBatchedBack(ITransformer loaded, MemoryStream buffer, string source, BatchedTransformerFactory restore)
    {
        var restored = new Dictionary<ITransformer, ITransformer>(ReferenceEqualityComparer.Instance);
        try
        {
            buffer.Position = 0;
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            var file = new SavedPipelineFile(zip, source);
            RestoreAll(loaded, file.TransformerFolder, file, restore, restored);
        }
        catch
        {
            foreach (var batched in restored.Values)
            {
                (batched as IDisposable)?.Dispose();
            }

            (loaded as IDisposable)?.Dispose(); // a TransformerChain disposes its parts
            throw;
        }

        var pipeline = Replace(loaded, restored);
        foreach (var stock in restored.Keys)
        {
            (stock as IDisposable)?.Dispose();
        }

        return pipeline;
    }

    /// <summary>Restores each of this library's saved forms in <paramref name="transformer"/> (depth first), keyed by the stock transform it replaces.</summary>
    private static void RestoreAll(ITransformer transformer, string folder, SavedPipelineFile file, BatchedTransformerFactory restore, Dictionary<ITransformer, ITransformer> restored)
    {
        if (file.Recognise(transformer, folder) is { } saved)
        {
            restored.Add(transformer, saved.Restore(restore));
            return;
        }

        if (transformer is TransformerChain<ITransformer> chain)
        {
            var index = 0;
            foreach (var part in chain)
            {
                RestoreAll(part, SavedPipelineFile.PartFolder(folder, index++), file, restore, restored);
            }
        }
    }

    /// <summary><paramref name="transformer"/> with each restored part in place; a chain with nothing replaced in it is returned as loaded.</summary>
    private static ITransformer Replace(ITransformer transformer, Dictionary<ITransformer, ITransformer> restored)
    {
        if (restored.TryGetValue(transformer, out var batched))
        {
            return batched;
        }

        if (transformer is not TransformerChain<ITransformer> chain)
        {
            return transformer;
        }

        var parts = chain.ToList();
        var replaced = parts.Select(part => Replace(part, restored)).ToList();
        return replaced.SequenceEqual(parts, ReferenceEqualityComparer.Instance)
            ? chain
            : new TransformerChain<ITransformer>(replaced, parts.Select(part => ScopeOf(chain, part)));
    }

    /// <summary>The scope a chain gave one of its parts (ML.NET exposes it only through <c>GetModelFor</c>).</summary>
    private static TransformerScope ScopeOf(TransformerChain<ITransformer> chain, ITransformer part)
    {
        var scope = TransformerScope.None;
        foreach (var single in new[] { TransformerScope.Training, TransformerScope.Testing, TransformerScope.Scoring })
        {
            if (chain.GetModelFor(single).Any(p => ReferenceEquals(p, part)))
            {
                scope |= single;
            }
        }

        return scope;
    }
}
