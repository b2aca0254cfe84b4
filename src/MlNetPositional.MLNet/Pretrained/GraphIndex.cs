using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Pretrained;

/// <summary>Who produces and who reads each value of a graph, and the values of its constants.</summary>
internal sealed class GraphIndex
{
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);

    public GraphIndex(GraphProto graph)
    {
        Initializers = graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                _producers[output] = node;
            }
        }

        Consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(x => x.Input, x => x.Node, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, TensorProto> Initializers { get; }

    public ILookup<string, NodeProto> Consumers { get; }

    public NodeProto? Producer(string value) => _producers.GetValueOrDefault(value);

    /// <summary>The tensor of an initializer or of a Constant node, or null.</summary>
    public TensorProto? Constant(string value) =>
        Initializers.GetValueOrDefault(value)
        ?? (Producer(value) is { OpType: "Constant" } node ? node.Attribute.FirstOrDefault(a => a.Name == "value")?.T : null);

    public long[]? Integers(string value) => Constant(value) switch
    {
        { DataType: (int)DataType.Int64 } t => TensorData.Int64s(t),
        { DataType: (int)DataType.Int32 } t => [.. TensorData.Int32s(t).Select(i => (long)i)],
        _ => null,
    };

    public float[]? Floats(string value) => Constant(value) is { DataType: (int)DataType.Float } t ? TensorData.Floats(t) : null;
}
