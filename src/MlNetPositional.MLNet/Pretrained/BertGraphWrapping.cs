using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Pretrained;

/// <summary>
/// The graph surgery of adoption, on a copy of the source graph: contract table names, token types and
/// position ids made inside the graph, the contract's outputs, and what no output needs removed.
/// </summary>
internal static class BertGraphWrapping
{
    private const string P = BertEncoderAdopter.Prefix;

    /// <summary>Rewrites <paramref name="graph"/> in place; new nodes and constants are built in <paramref name="added"/>.</summary>
    public static void Wrap(GraphProto graph, BertGraphFacts facts, BertAdoptionOptions options, GraphBuilder added, List<string> notes)
    {
        // The contract's table names (the plots, resize and the loader's checks read them); the bytes stay.
        Rename(graph, facts.TokenTable, ModelContract.TokenTable);
        Rename(graph, facts.PositionTable, ModelContract.PositionTable);
        notes.Add($"'{facts.TokenTable}' is '{ModelContract.TokenTable}', '{facts.PositionTable}' is '{ModelContract.PositionTable}' (values unchanged).");

        var (ids, mask) = (ModelContract.InputIds, ModelContract.AttentionMask);
        if (graph.Input.Any(i => i.Name == "token_type_ids"))
        {
            // One sentence: every token is of type 0. The value keeps its name, so the source's Gather is untouched.
            added.NodeTo("Mul", "token_type_ids", [ids, added.Int64Constant(P + "zero", 0)]);
        }

        // Each real token's position is the number of real tokens before it (contract version 2): left padding works.
        var counted = added.Node("CumSum", P + "tokens_so_far", [mask, added.Int64Constant(P + "sequence_axis", 1)]);
        var positions = added.Node("Sub", P + "position_ids", [counted, mask]);                                          // (B, T)
        facts.PositionGather.Input[1] = positions;
        var head = added.ToGraph().Node.Count;

        var maskFloat = added.Node("Cast", P + "mask_float", [mask], GraphBuilder.Int("to", (long)DataType.Float));          // (B, T)
        added.NodeTo("Mul", ModelContract.Embeddings, [facts.HiddenOutput, Unsqueeze(added, maskFloat, 2)]);                // (B, T, C), pads zeroed
        var weights = options.Pooling == AdoptedPooling.Mean
            ? added.Node("Div", P + "mean_weights", [maskFloat, added.Node("Max", P + "token_count", [ReduceSum(added, maskFloat, 1), added.FloatScalar(P + "one", 1f)])])
            : added.Node("Mul", P + "first_token_weights", [added.Node("Cast", P + "is_first", [added.Node("Equal", P + "position_zero", [positions, added.Int64Constant(P + "zero_position", 0)])], GraphBuilder.Int("to", (long)DataType.Float)), maskFloat]);
        var pooled = Squeeze(added, added.Node("MatMul", P + "pooled_rows", [Unsqueeze(added, weights, 1), facts.HiddenOutput]), 1);   // (B, 1, T) x (B, T, C) -> (B, C)
        if (options.Normalize)
        {
            var norm = added.Node("Sqrt", P + "norm", [added.Node("ReduceSumSquare", P + "sum_of_squares", [pooled], GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 1))]);
            added.NodeTo("Div", ModelContract.Pooled, [pooled, added.Node("Max", P + "norm_floor", [norm, added.FloatScalar(P + "epsilon", 1e-12f)])]);
        }
        else
        {
            added.NodeTo("Identity", ModelContract.Pooled, [pooled]);
        }

        Splice(graph, added.ToGraph(), head);
        graph.Input.Clear();
        graph.Output.Clear();
        graph.ValueInfo.Clear();   // the source's intermediate shapes name its own symbolic dims; ONNX Runtime infers them again
        var contract = new GraphBuilder("contract");
        contract.AddInput(ids, DataType.Int64, ModelContract.BatchDim, ModelContract.SequenceDim);
        contract.AddInput(mask, DataType.Int64, ModelContract.BatchDim, ModelContract.SequenceDim);
        contract.AddOutput(ModelContract.Embeddings, DataType.Float, ModelContract.BatchDim, ModelContract.SequenceDim, (long)facts.Dim);
        contract.AddOutput(ModelContract.Pooled, DataType.Float, ModelContract.BatchDim, (long)facts.Dim);
        var declared = contract.ToGraph();
        graph.Input.AddRange(declared.Input);
        graph.Output.AddRange(declared.Output);

        var (nodes, pruned) = Prune(graph);
        var initializers = pruned.Where(n => !n.StartsWith(P, StringComparison.Ordinal)).ToList();   // not the adopter's own unused constants
        notes.Add($"removed {nodes} node(s) and {initializers.Count} initializer(s) no contract output needs{(initializers.Count > 0 ? $" ({string.Join(", ", initializers.Take(6))}{(initializers.Count > 6 ? ", ..." : "")})" : "")}.");
    }

    private static string Unsqueeze(GraphBuilder graph, string value, long axis) =>
        graph.Node("Unsqueeze", P + "unsqueezed", [value, graph.Int64Constant(P + "axis", axis)]);

    private static string Squeeze(GraphBuilder graph, string value, long axis) =>
        graph.Node("Squeeze", P + "squeezed", [value, graph.Int64Constant(P + "axis", axis)]);

    private static string ReduceSum(GraphBuilder graph, string value, long axis) =>
        graph.Node("ReduceSum", P + "sum", [value, graph.Int64Constant(P + "axis", axis)], GraphBuilder.Int("keepdims", 1));

    /// <summary>The added nodes before (the first <paramref name="head"/>) and after the source's, and the added constants.</summary>
    private static void Splice(GraphProto graph, GraphProto added, int head)
    {
        var nodes = added.Node.Take(head).Concat(graph.Node).Concat(added.Node.Skip(head)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(added.Initializer);
    }

    /// <summary>Renames a value everywhere it appears.</summary>
    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var tensor in graph.Initializer.Where(t => t.Name == from))
        {
            tensor.Name = to;
            tensor.DocString = $"adopted from '{from}'";
        }

        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from)
                {
                    node.Input[i] = to;
                }
            }
        }
    }

    /// <summary>Removes the nodes no output needs (nodes are in topological order), then the initializers no node reads.</summary>
    private static (int Nodes, List<string> Initializers) Prune(GraphProto graph)
    {
        var needed = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var keep = new bool[graph.Node.Count];
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            if (graph.Node[i].Output.Any(needed.Contains))
            {
                keep[i] = true;
                needed.UnionWith(graph.Node[i].Input);
            }
        }

        var nodes = graph.Node.Where((_, i) => keep[i]).ToList();
        var removedNodes = graph.Node.Count - nodes.Count;
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var unused = graph.Initializer.Where(t => !needed.Contains(t.Name)).Select(t => t.Name).ToList();
        var used = graph.Initializer.Where(t => needed.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(used);
        return (removedNodes, unused);
    }
}
