using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Inference;
using MlNetPositional.Scoring;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// Specialises an exported model for one ML.NET input column, so that stock ML.NET (OnnxTransformer,
/// which scores one row per call) computes exactly what the transform computes: the column's values
/// become token ids in the graph (a lookup table for keys and text; for ML.NET character keys, surrogate
/// pairs joined first, see <see cref="CharacterIdsGraph"/>), sequences are truncated to the
/// model's max length, the mask is all ones (one row has no padding), and the pooling is applied.
/// This is what a saved pipeline contains, so it loads with plain ML.NET. Its metadata carries a
/// <see cref="SavedTransform"/> record, from which <see cref="Recover"/> gets the exported model back.
/// </summary>
internal static class ScoringGraph
{
    private const string Prefix = "mlnet_positional.";

    /// <summary>The initializer that maps key values (and text, through MapValueToKey's keys) to model ids: index 0 is the missing key.</summary>
    internal const string LookupName = Prefix + "lookup";

    /// <summary>The initializer that maps ML.NET character keys to model ids (see <see cref="CharacterIdsGraph"/>).</summary>
    internal const string CharacterIdsName = Prefix + CharacterIdsGraph.UnitIdsRole;

    /// <summary>Builds the specialised model.</summary>
    /// <param name="exported">The model as exported (contract version 1).</param>
    /// <param name="metadata">Its metadata.</param>
    /// <param name="inputName">The ONNX input name, equal to the ML.NET column that feeds it.</param>
    /// <param name="kind">The column's kind.</param>
    /// <param name="fixedLength">The column's vector size when it is known, else null.</param>
    /// <param name="lookup">For keys and text: model id for each key value (index 0 = missing key).</param>
    /// <param name="settings">The transform's settings: output column (= ONNX output name), pooling, and what is recorded for reloading.</param>
    /// <param name="keyRawType">For keys: how the key is stored (ML.NET passes keys to ONNX as that unsigned type).</param>
    /// <param name="characters">For ML.NET character keys: the ids of characters, which the graph reads from the keys (surrogate pairs joined) instead of <paramref name="lookup"/>.</param>
    public static ModelProto Build(ModelProto exported, ModelMetadata metadata, string inputName, TokenColumnKind kind, int? fixedLength,
        long[]? lookup, TransformSettings settings, Type? keyRawType = null, CharacterIds? characters = null)
    {
        var (outputName, pooling) = (settings.OutputColumnName, settings.Pooling);
        var (dim, maxLength) = (metadata.Config.Dim, LengthLimit.For(settings.MaxLength, settings.Pooling, metadata.Config));   // int.MaxValue: no cut (rope, alibi)
        var opset = OnnxVersions.DefaultDomainOpset(exported);
        var prefix = new GraphBuilder("prefix");
        object length = fixedLength is { } n ? (long)n : "n";
        var inputType = kind switch
        {
            TokenColumnKind.Int64 => DataType.Int64,
            TokenColumnKind.Int32 => DataType.Int32,
            _ when keyRawType == typeof(byte) => DataType.Uint8,
            _ when keyRawType == typeof(ushort) => DataType.Uint16,
            _ when keyRawType == typeof(ulong) => DataType.Uint64,
            _ => DataType.Uint32,
        };
        prefix.AddInput(inputName, inputType, 1L, length);

        var ids = kind == TokenColumnKind.Int64 ? inputName : prefix.Node("Cast", Prefix + "ids_int64", [inputName], GraphBuilder.Int("to", (long)DataType.Int64));
        if (characters is not null)
        {
            ids = CharacterIdsGraph.Add(prefix, ids, characters, Prefix);
        }
        else if (lookup is not null)
        {
            ids = prefix.Node("Gather", Prefix + "model_ids", [prefix.AddInitializer(LookupName, lookup.AsSpan(), lookup.Length), ids], GraphBuilder.Int("axis", 0));
        }

        var truncated = prefix.Node("Slice", Prefix + "truncated", [ids, prefix.Int64Constant(Prefix + "start", 0), prefix.Int64Constant(Prefix + "max_length", maxLength), prefix.Int64Constant(Prefix + "axis1", 1)]);
        prefix.NodeTo("Identity", ModelContract.InputIds, [truncated]);
        var zeros = prefix.Node("Mul", Prefix + "zeros", [ModelContract.InputIds, prefix.Int64Constant(Prefix + "zero", 0)]);
        prefix.NodeTo("Add", ModelContract.AttentionMask, [zeros, prefix.Int64Constant(Prefix + "one", 1)]);

        var suffix = new GraphBuilder("suffix");
        var emb = ModelContract.Embeddings;
        switch (pooling)
        {
            case PositionalPooling.Mean:
                suffix.NodeTo("Identity", outputName, [ModelContract.Pooled]);
                break;
            case PositionalPooling.First:
                // A zero row after the tokens makes "first" of an empty sequence the zero vector.
                var withZero = suffix.Node("Concat", Prefix + "with_zero", [emb, suffix.AddInitializer(Prefix + "zero_row", new float[dim].AsSpan(), 1, 1, dim)], GraphBuilder.Int("axis", 1));
                suffix.NodeTo("Gather", outputName, [withZero, suffix.Int64Constant(Prefix + "first", 0)], GraphBuilder.Int("axis", 1));
                break;
            case PositionalPooling.Max:
                // A -inf-like sentinel row keeps ReduceMax defined on an empty sequence; min(count, 1)
                // then turns that sentinel into zeros.
                var sentinel = Enumerable.Repeat(float.MinValue, dim).ToArray();
                var padded = suffix.Node("Concat", Prefix + "with_sentinel", [emb, suffix.AddInitializer(Prefix + "sentinel_row", sentinel.AsSpan(), 1, 1, dim)], GraphBuilder.Int("axis", 1));
                // ReduceMax took its axes as an attribute until opset 18 and as an input from then on.
                var max = opset >= 18
                    ? suffix.Node("ReduceMax", Prefix + "max", [padded, suffix.Int64Constant(Prefix + "token_axis", 1)], GraphBuilder.Int("keepdims", 0))
                    : suffix.Node("ReduceMax", Prefix + "max", [padded], GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 0));
                var count = suffix.Node("Cast", Prefix + "count", [suffix.Node("Shape", Prefix + "length", [ModelContract.InputIds], GraphBuilder.Int("start", 1), GraphBuilder.Int("end", 2))], GraphBuilder.Int("to", (long)DataType.Float));
                var any = suffix.Node("Min", Prefix + "any", [count, suffix.FloatScalar(Prefix + "one_f", 1f)]);
                suffix.NodeTo("Mul", outputName, [max, any]);
                break;
            default:
                // None: [1, n, dim] padded with zeros to [1, max_length, dim], flattened.
                var rows = suffix.Node("Shape", Prefix + "rows", [ModelContract.InputIds], GraphBuilder.Int("start", 1), GraphBuilder.Int("end", 2));
                var missing = suffix.Node("Sub", Prefix + "missing", [suffix.Int64Constant(Prefix + "max_rows", maxLength), rows]);
                var pads = suffix.Node("Concat", Prefix + "pads", [suffix.Int64Constant(Prefix + "pads_start", 0, 0, 0, 0), missing, suffix.Int64Constant(Prefix + "pads_end", 0)], GraphBuilder.Int("axis", 0));
                var full = suffix.Node("Pad", Prefix + "padded", [emb, pads]);
                suffix.NodeTo("Reshape", outputName, [full, suffix.Int64Constant(Prefix + "flat", 1, (long)maxLength * dim)]);
                break;
        }

        suffix.AddOutput(outputName, DataType.Float, 1L, pooling == PositionalPooling.None ? (long)maxLength * dim : dim);

        var head = prefix.ToGraph();
        var tail = suffix.ToGraph();
        var graph = exported.Graph.Clone();
        graph.Input.Clear();
        graph.Input.AddRange(head.Input);
        graph.Output.Clear();
        graph.Output.AddRange(tail.Output);
        var nodes = head.Node.Concat(graph.Node).Concat(tail.Node).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(head.Initializer);
        graph.Initializer.AddRange(tail.Initializer);

        var model = exported.Clone();
        model.Graph = graph;
        var record = new SavedTransform { Settings = settings, GraphInput = inputName, PrefixNodes = head.Node.Count, SuffixNodes = tail.Node.Count, ModelInitializers = exported.Graph.Initializer.Count };
        model.MetadataProps.Add(new StringStringEntryProto { Key = SavedTransform.Key, Value = record.ToJson() });
        return model;
    }

    /// <summary>
    /// The exported model a scoring graph was built from: the graph without the nodes and initializers
    /// <see cref="Build"/> added, with the contract's inputs and outputs, and the original metadata.
    /// </summary>
    /// <exception cref="InvalidDataException">The graph does not have the shape its record describes.</exception>
    public static ModelProto Recover(ModelProto scoring, SavedTransform record, ModelMetadata metadata)
    {
        var graph = scoring.Graph;
        var modelNodes = graph.Node.Count - record.PrefixNodes - record.SuffixNodes;
        if (record.PrefixNodes < 0 || record.SuffixNodes < 0 || modelNodes < 1 || record.ModelInitializers < 0 || record.ModelInitializers > graph.Initializer.Count)
        {
            throw new InvalidDataException($"The saved scoring graph has {graph.Node.Count} nodes and {graph.Initializer.Count} initializers, which its record ({record.ToJson()}) does not describe.");
        }

        var dim = (long)metadata.Config.Dim;
        var contract = new GraphBuilder(graph.Name);
        contract.AddInput(ModelContract.InputIds, DataType.Int64, ModelContract.BatchDim, ModelContract.SequenceDim);
        contract.AddInput(ModelContract.AttentionMask, DataType.Int64, ModelContract.BatchDim, ModelContract.SequenceDim);
        contract.AddOutput(ModelContract.Embeddings, DataType.Float, ModelContract.BatchDim, ModelContract.SequenceDim, dim);
        contract.AddOutput(ModelContract.Pooled, DataType.Float, ModelContract.BatchDim, dim);
        var io = contract.ToGraph();

        var recovered = graph.Clone();
        recovered.Node.Clear();
        recovered.Node.AddRange(graph.Node.Skip(record.PrefixNodes).Take(modelNodes).Select(n => n.Clone()));
        recovered.Initializer.Clear();
        recovered.Initializer.AddRange(graph.Initializer.Take(record.ModelInitializers).Select(t => t.Clone()));
        recovered.Input.Clear();
        recovered.Input.AddRange(io.Input);
        recovered.Output.Clear();
        recovered.Output.AddRange(io.Output);

        var model = scoring.Clone();
        model.Graph = recovered;
        var kept = model.MetadataProps.Where(p => p.Key != SavedTransform.Key).ToList();
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(kept);
        return model;
    }
}
