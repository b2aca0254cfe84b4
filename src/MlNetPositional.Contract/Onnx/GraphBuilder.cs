using System.Runtime.InteropServices;
using Google.Protobuf;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Contract.Onnx;

/// <summary>
/// Builds an ONNX graph node by node: typed inputs and outputs with fixed or symbolic dims,
/// initializers stored as little-endian raw_data (so a file is about the size of its weights),
/// and auto-named intermediate values. Deterministic: the same calls give the same bytes.
/// </summary>
public sealed class GraphBuilder
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph called <paramref name="name"/>.</summary>
    public GraphBuilder(string name) => _graph = new GraphProto { Name = name };

    /// <summary>Declares a graph input; each dim is a <see cref="long"/> (fixed) or a <see cref="string"/> (symbolic).</summary>
    public string AddInput(string name, DataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares a graph output produced by some node.</summary>
    public void AddOutput(string name, DataType type, params object[] dims) => _graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Adds a float initializer.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, DataType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>Adds an int64 initializer.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, DataType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>An int64 constant (a 1-D initializer), named after its role.</summary>
    public string Int64Constant(string role, params long[] values) =>
        AddInitializer(Unique(role), values.AsSpan(), values.Length);

    /// <summary>A float scalar constant.</summary>
    public string FloatScalar(string role, float value) =>
        AddInitializer(Unique(role), new[] { value }.AsSpan());

    /// <summary>Adds a node with one output, auto-named after <paramref name="role"/>; returns the output's name.</summary>
    public string Node(string opType, string role, string[] inputs, params AttributeProto[] attributes) =>
        NodeTo(opType, Unique(role), inputs, attributes);

    /// <summary>Adds a node whose single output has the given name (e.g. a graph output).</summary>
    public string NodeTo(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{output}/{opType}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A copy of the graph built so far (to splice into another graph).</summary>
    public GraphProto ToGraph() => _graph.Clone();

    /// <summary>The model around the graph: IR version for the opset, the default-domain opset import, metadata.</summary>
    public ModelProto Build(int opset, string producerVersion, IEnumerable<KeyValuePair<string, string>> metadata, string docString = "")
    {
        var model = new ModelProto
        {
            IrVersion = OnnxVersions.IrVersionFor(opset),
            ProducerName = Contract.ModelContract.ProducerName,
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private string AddInitializer(string name, DataType type, ReadOnlySpan<byte> littleEndian, int count, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("raw_data is little-endian; big-endian hosts are not supported.");
        }

        var expected = dims.Aggregate(1L, (product, d) => product * d);
        if (expected != count)
        {
            throw new ArgumentException($"Initializer {name}: {count} values do not fill dims [{string.Join(", ", dims)}].", nameof(dims));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private string Unique(string role)
    {
        var n = _names.GetValueOrDefault(role);
        _names[role] = n + 1;
        return n == 0 ? role : $"{role}_{n}";
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"Dimension of {name} must be a number or a name, not {dim}.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
