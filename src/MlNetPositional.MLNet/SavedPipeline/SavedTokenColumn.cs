using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Text;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// The token column a saved scoring graph was built for, recovered from the graph alone, as a schema
/// to restore the batched transformer on. ML.NET lets a pipeline be saved without its input schema
/// (or with a schema that is not its input), and stock <c>Model.Load</c> loads it; the graph still
/// says everything the transform needs: its input's element type (Int64, Int32, or the key's raw
/// type), its length (fixed or not), for keys the lookup table it bakes in, and, from the chain it
/// was saved in, whether the column held text. The restored transformer binds the real column at
/// every Transform as always; this schema is what it saves again from, so it must reproduce the
/// saved graph: key values are the vocabulary tokens the lookup maps to, and the temporary column
/// names the first save found taken are taken here too.
/// </summary>
internal static class SavedTokenColumn
{
    /// <summary>The schema of the token column the graph was built for.</summary>
    /// <param name="record">The graph's saved-transform record.</param>
    /// <param name="graph">The saved scoring graph.</param>
    /// <param name="readsText">True when the graph was saved after MapValueToKey (the column held text tokens).</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <exception cref="InvalidDataException">The graph's input is not one this library writes; the message names what is wrong.</exception>
    public static DataViewSchema Recover(SavedTransform record, ModelProto graph, bool readsText, Vocabulary vocabulary)
    {
        var input = graph.Graph.Input.FirstOrDefault(i => i.Name == record.GraphInput)
            ?? throw new InvalidDataException($"the saved graph has no input '{record.GraphInput}', which its record names.");
        var tensor = input.Type?.TensorType;
        if (tensor?.Shape is not { Dim.Count: 2 } shape)
        {
            throw new InvalidDataException($"the saved graph's input '{input.Name}' is not a [1, length] tensor.");
        }

        var length = shape.Dim[1].HasDimValue ? checked((int)shape.Dim[1].DimValue) : 0;   // 0: a vector of any length
        var builder = new DataViewSchema.Builder();
        foreach (var taken in NamesTakenAtFirstSave(record, readsText))
        {
            builder.AddColumn(taken, BooleanDataViewType.Instance);
        }

        if (readsText)
        {
            builder.AddColumn(record.Settings.InputColumnName, new VectorDataViewType(TextDataViewType.Instance, length));
            return builder.ToSchema();
        }

        var elementType = (DataType)tensor.ElemType;
        switch (elementType)
        {
            case DataType.Int64:
                builder.AddColumn(record.Settings.InputColumnName, new VectorDataViewType(NumberDataViewType.Int64, length));
                break;
            case DataType.Int32:
                builder.AddColumn(record.Settings.InputColumnName, new VectorDataViewType(NumberDataViewType.Int32, length));
                break;
            case DataType.Uint16 when graph.Graph.Initializer.Any(t => t.Name == ScoringGraph.CharacterIdsName):
                // ML.NET character keys: the graph reads them by number, so the column is TokenizeIntoCharactersAsKeys's own.
                builder.AddColumn(record.Settings.InputColumnName, new VectorDataViewType(CharacterKeyType.Value.Key, length), CharacterKeyType.Value.Annotations);
                break;
            case DataType.Uint8 or DataType.Uint16 or DataType.Uint32 or DataType.Uint64:
                var lookup = Lookup(graph, vocabulary);
                var key = new KeyDataViewType(KeyRawType(elementType), lookup.Length - 1);
                builder.AddColumn(record.Settings.InputColumnName, new VectorDataViewType(key, length), KeyValues(lookup, vocabulary));
                break;
            default:
                throw new InvalidDataException($"the saved graph's input '{input.Name}' is {elementType}, which is no token column this library saves.");
        }

        return builder.ToSchema();
    }

    /// <summary>
    /// The key type and key values of ML.NET's <c>TokenizeIntoCharactersAsKeys</c>, taken from ML.NET
    /// itself (run on an empty view) rather than written out here, so they are exactly the ones a
    /// user's column had.
    /// </summary>
    private static readonly Lazy<(KeyDataViewType Key, DataViewSchema.Annotations Annotations)> CharacterKeyType = new(() =>
    {
        var ml = new MLContext(seed: 0);
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<TextLine>());
        var characters = TextTokenizer.Parse(TextTokenizer.Characters).MlNetTokens(ml, "Characters", nameof(TextLine.Text))!;
        var column = characters.Fit(empty).Transform(empty).Schema["Characters"];
        return ((KeyDataViewType)((VectorDataViewType)column.Type).ItemType, column.Annotations);
    });

    /// <summary>
    /// The temporary column names the first save skipped because its schema had them: those tried
    /// before the one the graph reads (none when the graph reads the token column itself).
    /// </summary>
    private static IEnumerable<string> NamesTakenAtFirstSave(SavedTransform record, bool readsText)
    {
        if (record.ReadsTokenColumn)
        {
            return [];
        }

        // A bound, so a damaged record cannot make this walk forever; past it no name is reproduced.
        const int MostTried = 1000;
        var tried = StockPipeline.TemporaryColumnNames(record.Settings.OutputColumnName, readsText).Take(MostTried).ToList();
        var chosen = tried.IndexOf(record.GraphInput);
        return chosen < 0 ? [] : tried.Take(chosen);
    }

    /// <summary>Model id of each key (index 0: the missing key).</summary>
    private static long[] Lookup(ModelProto graph, Vocabulary vocabulary)
    {
        var tensor = graph.Graph.Initializer.LastOrDefault(t => t.Name == ScoringGraph.LookupName)
            ?? throw new InvalidDataException($"the saved graph reads keys but has no '{ScoringGraph.LookupName}' table.");
        var lookup = TensorData.Int64s(tensor);
        if (lookup.Length < 2 || lookup.Any(id => id < 0 || id >= vocabulary.Count))
        {
            throw new InvalidDataException($"the saved graph's '{ScoringGraph.LookupName}' table ({lookup.Length} ids) is not a key table over the model's {vocabulary.Count}-token vocabulary.");
        }

        return lookup;
    }

    /// <summary>
    /// Key k's value is the text of the token the lookup maps it to, so binding these keys again gives the
    /// same table. "KeyValues" is the annotation kind ML.NET reads key values from (its constant is internal).
    /// </summary>
    private static DataViewSchema.Annotations KeyValues(long[] lookup, Vocabulary vocabulary)
    {
        var values = lookup.Skip(1).Select(id => vocabulary.Tokens[(int)id].AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, values.Length),
            (ref VBuffer<ReadOnlyMemory<char>> buffer) =>
            {
                // A copy each call: a reader may write into the buffer it is handed.
                var editor = VBufferEditor.Create(ref buffer, values.Length);
                values.CopyTo(editor.Values);
                buffer = editor.Commit();
            });
        return annotations.ToAnnotations();
    }

    private static Type KeyRawType(DataType type) => type switch
    {
        DataType.Uint8 => typeof(byte),
        DataType.Uint16 => typeof(ushort),
        DataType.Uint64 => typeof(ulong),
        _ => typeof(uint),
    };
}
