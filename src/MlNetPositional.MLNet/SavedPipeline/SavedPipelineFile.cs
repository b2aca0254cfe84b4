using System.IO.Compression;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Onnx;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// A zip written by <c>mlContext.Model.Save</c>, read for the transforms this library saved in it. A
/// loaded OnnxTransformer does not expose its graph, so the graph is read from the zip, where ML.NET's
/// persisted format keeps it: a chain's parts are saved in folders <c>Transform_000</c>,
/// <c>Transform_001</c>, ... of the chain's folder, and an OnnxTransformer's graph is the entry
/// <c>OnnxModel</c> of its folder (an Int32 length, then the bytes).
/// </summary>
/// <remarks>
/// Where the transformer that <c>Model.Load</c> returns was saved depends on how the file was saved
/// (ML.NET's ModelOperationsCatalog): with an input schema (an entry <c>Schema</c>) or without one,
/// the model is the folder <c>TransformerChain</c>; with a data loader, a composite loader is the
/// root (its <c>Model.key</c> at the top), the model is wrapped in a chain of one in
/// <c>TransformerChain</c>, and <c>Model.Load</c> and <c>LoadWithDataLoader</c> return that one part,
/// <c>TransformerChain/Transform_000</c>, unwrapped (a chain of any other length is returned whole).
/// </remarks>
internal sealed class SavedPipelineFile
{
    private const string ChainFolder = "TransformerChain";
    private const string GraphEntry = "OnnxModel";
    private const string SchemaEntry = "Schema";
    private const string ModelEntry = "Model.key";

    private readonly Dictionary<string, ZipArchiveEntry> _graphs;
    private readonly string _source;

    public SavedPipelineFile(ZipArchive zip, string source)
    {
        var entries = zip.Entries.ToDictionary(e => e.FullName.Replace('\\', '/'), e => e, StringComparer.Ordinal);
        _graphs = entries.Where(e => e.Value.Name == GraphEntry).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        _source = source;
        TransformerFolder = FolderOfLoadedTransformer(entries.Keys);
    }

    /// <summary>The folder of the transformer that <c>Model.Load</c> returns for this file.</summary>
    public string TransformerFolder { get; }

    /// <summary>The folder of part <paramref name="index"/> of the chain saved in <paramref name="folder"/>.</summary>
    public static string PartFolder(string folder, int index) => $"{folder}/Transform_{index:000}";

    /// <summary>
    /// This library's saved form in <paramref name="folder"/>, if <paramref name="transformer"/> is one:
    /// either one OnnxTransformer whose graph carries a <see cref="SavedTransform"/> record (id and key
    /// columns), or a chain of three: MapValueToKey (text) or CopyColumns (in-place ids), that
    /// OnnxTransformer, DropColumns of the temporary column.
    /// </summary>
    /// <exception cref="InvalidOnnxModelException">A graph this library saved is damaged, or its record is of a version this library cannot read.</exception>
    public SavedScoringGraph? Recognise(ITransformer transformer, string folder)
    {
        if (transformer is OnnxTransformer)
        {
            var saved = Read(folder, readsText: false);
            return saved is { Record.ReadsTokenColumn: true } ? saved : null;
        }

        if (transformer is TransformerChain<ITransformer> chain && chain.Count() == 3
            && chain.ElementAt(0) is ValueToKeyMappingTransformer or ColumnCopyingTransformer
            && chain.ElementAt(1) is OnnxTransformer
            && chain.ElementAt(2) is ColumnSelectingTransformer)
        {
            var saved = Read(PartFolder(folder, 1), readsText: chain.ElementAt(0) is ValueToKeyMappingTransformer);
            return saved is { Record.ReadsTokenColumn: false } ? saved : null;
        }

        return null;
    }

    private static string FolderOfLoadedTransformer(IEnumerable<string> entries)
    {
        var names = entries.ToHashSet(StringComparer.Ordinal);
        if (names.Contains(SchemaEntry) || !names.Contains(ModelEntry))
        {
            return ChainFolder;
        }

        var onePart = names.Contains($"{PartFolder(ChainFolder, 0)}/{ModelEntry}") && !names.Contains($"{PartFolder(ChainFolder, 1)}/{ModelEntry}");
        return onePart ? PartFolder(ChainFolder, 0) : ChainFolder;
    }

    private SavedScoringGraph? Read(string folder, bool readsText)
    {
        if (!_graphs.TryGetValue($"{folder}/{GraphEntry}", out var entry))
        {
            return null;
        }

        var source = $"{_source}:{entry.FullName}";
        using var reader = new BinaryReader(entry.Open());
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new InvalidOnnxModelException(source, $"the entry holds {bytes.Length} of the {length} bytes it announces.");
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
            return record is null ? null : new SavedScoringGraph(SavedTransform.FromJson(record.Value), graph, readsText, source);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOnnxModelException(source, e.Message, e);
        }
    }
}
