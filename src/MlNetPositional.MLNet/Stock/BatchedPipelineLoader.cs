using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Onnx;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Runtime;
using MlNetPositional.Scoring;
using Google.Protobuf;

namespace MlNetPositional.Stock;

/// <summary>
/// Loads a saved pipeline with stock ML.NET, then swaps each chain this library saved for the batched
/// transformer. A loaded OnnxTransformer does not expose its graph, so the graph is read from the
/// zip itself, where ML.NET's persisted format keeps it: a chain's parts are saved in folders
/// <c>Transform_000</c>, <c>Transform_001</c>, ... under <c>TransformerChain</c>, and an
/// OnnxTransformer's graph is the entry <c>OnnxModel</c> of its folder (an Int32 length, then the bytes).
/// </summary>
internal static class BatchedPipelineLoader
{
    private const string RootFolder = "TransformerChain";
    private const string GraphEntry = "OnnxModel";

    public static ITransformer Load(ModelOperationsCatalog catalog, Stream stream, string source, out DataViewSchema inputSchema)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        var loaded = catalog.Load(buffer, out inputSchema);

        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
        var graphs = zip.Entries
            .Where(e => e.Name == GraphEntry)
            .ToDictionary(e => e.FullName.Replace('\\', '/'), e => e, StringComparer.Ordinal);
        return Rebuild(loaded, RootFolder, inputSchema, graphs, source);
    }

    private static ITransformer Rebuild(ITransformer transformer, string folder, DataViewSchema schema, Dictionary<string, ZipArchiveEntry> graphs, string source)
    {
        if (Recognise(transformer, folder, graphs, source) is { } saved)
        {
            var restored = Restore(saved, schema, $"{source}:{folder}");
            (transformer as IDisposable)?.Dispose(); // a TransformerChain disposes its parts
            return restored;
        }

        if (transformer is not TransformerChain<ITransformer> chain)
        {
            return transformer;
        }

        var parts = chain.ToList();
        var scopes = parts.Select(part => ScopeOf(chain, part)).ToList();
        var rebuilt = new List<ITransformer>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            rebuilt.Add(Rebuild(parts[i], $"{folder}/Transform_{i:000}", schema, graphs, source));
            schema = rebuilt[i].GetOutputSchema(schema);
        }

        return new TransformerChain<ITransformer>(rebuilt, scopes);
    }

    /// <summary>
    /// This library's saved form is either one OnnxTransformer whose graph carries a
    /// <see cref="SavedTransform"/> record (id columns), or a chain of three: MapValueToKey or
    /// CopyColumns, that OnnxTransformer, DropColumns of the temporary column.
    /// </summary>
    private static (SavedTransform Record, ModelProto Graph)? Recognise(ITransformer transformer, string folder, Dictionary<string, ZipArchiveEntry> graphs, string source)
    {
        if (transformer is OnnxTransformer)
        {
            var saved = SavedGraph(folder, graphs, source);
            return saved is { } s && s.Record.ReadsTokenColumn ? saved : null;
        }

        if (transformer is TransformerChain<ITransformer> chain && chain.Count() == 3
            && chain.ElementAt(0) is ValueToKeyMappingTransformer or ColumnCopyingTransformer
            && chain.ElementAt(1) is OnnxTransformer
            && chain.ElementAt(2) is ColumnSelectingTransformer)
        {
            var saved = SavedGraph($"{folder}/Transform_001", graphs, source);
            return saved is { } s && !s.Record.ReadsTokenColumn ? saved : null;
        }

        return null;
    }

    private static (SavedTransform Record, ModelProto Graph)? SavedGraph(string folder, Dictionary<string, ZipArchiveEntry> graphs, string source)
    {
        if (!graphs.TryGetValue($"{folder}/{GraphEntry}", out var entry))
        {
            return null;
        }

        using var reader = new BinaryReader(entry.Open());
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new InvalidOnnxModelException($"{source}:{entry.FullName}", $"the entry holds {bytes.Length} of the {length} bytes it announces.");
        }

        ModelProto graph;
        try
        {
            graph = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null; // not an ONNX graph we can read: leave the stock transform as loaded
        }

        var record = graph.MetadataProps.LastOrDefault(p => p.Key == SavedTransform.Key);
        try
        {
            return record is null ? null : (SavedTransform.FromJson(record.Value, $"{source}:{entry.FullName}"), graph);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOnnxModelException($"{source}:{entry.FullName}", e.Message, e);
        }
    }

    private static PositionalEmbeddingTransformer Restore((SavedTransform Record, ModelProto Graph) saved, DataViewSchema schema, string source)
    {
        var metadata = OnnxModelFile.ReadMetadata(saved.Graph, source);
        ModelProto exported;
        try
        {
            exported = ScoringGraph.Recover(saved.Graph, saved.Record, metadata);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOnnxModelException(source, e.Message, e);
        }

        var settings = saved.Record.Settings;
        var model = PositionalEmbeddingModel.Load(exported.ToByteArray(), source, ScoringPlan.For(settings, metadata.Config).SessionThreads);
        return PositionalEmbeddingEstimator.Create(settings, model, schema);
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
