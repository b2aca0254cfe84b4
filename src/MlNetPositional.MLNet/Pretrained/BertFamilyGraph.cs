using System.Text.RegularExpressions;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Pretrained;

/// <summary>
/// Recognises a Hugging Face BERT-family encoder exported to ONNX (torch.onnx of BertModel and its
/// relatives: all-MiniLM-L6-v2, arctic-embed, ...): inputs <c>input_ids</c>, <c>attention_mask</c> and
/// optionally <c>token_type_ids</c>; the Hugging Face table names; a learned position table read with
/// the range 0..seq-1; a float [batch, seq, dim] output; only operators of such an encoder. Every
/// reason a graph does not qualify is collected, so one refusal says all of them.
/// </summary>
internal static partial class BertFamilyGraph
{
    private const string WordTable = "embeddings.word_embeddings.weight";
    private const string PositionTableName = "embeddings.position_embeddings.weight";
    private const string TokenTypeTable = "embeddings.token_type_embeddings.weight";

    /// <summary>Operators of a plain BERT export whose meaning this adopter knows from opset 11 to 17.</summary>
    private static readonly HashSet<string> KnownOperators =
    [
        "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Erf", "Tanh", "MatMul", "Gemm", "Gather", "Shape", "Concat", "Reshape",
        "Transpose", "Cast", "Slice", "Constant", "ReduceMean", "Softmax", "Unsqueeze", "Squeeze", "Where", "Equal",
        "Expand", "ConstantOfShape", "Range", "Identity", "Relu", "Sigmoid", "Not", "Less", "Greater", "LayerNormalization",
    ];

    /// <summary>The facts of a BERT-family graph.</summary>
    /// <exception cref="NotBertFamilyException">It is not one; every reason is listed.</exception>
    public static BertGraphFacts Recognise(ModelProto model, string source)
    {
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        var problems = new List<string>();
        if (model.MetadataProps.Any(p => p.Key == ModelContract.Keys.ContractVersion))
        {
            throw new NotBertFamilyException(source, ["it is already a model of this library's contract: use it as it is."]);
        }

        var inputs = graph.Input.Where(i => !index.Initializers.ContainsKey(i.Name)).ToDictionary(i => i.Name, StringComparer.Ordinal);   // IR < 4 lists initializers as inputs
        foreach (var name in new[] { ModelContract.InputIds, ModelContract.AttentionMask })
        {
            if (!inputs.TryGetValue(name, out var input))
            {
                problems.Add($"it has no '{name}' input (its inputs: {string.Join(", ", inputs.Keys)}).");
            }
            else if (input.Type?.TensorType is not { ElemType: (int)DataType.Int64, Shape.Dim.Count: 2 })
            {
                problems.Add($"its '{name}' input is not int64 [batch, sequence].");
            }
        }

        var extra = inputs.Keys.Except([ModelContract.InputIds, ModelContract.AttentionMask, "token_type_ids"]).ToList();
        if (extra.Count > 0)
        {
            problems.Add($"it has inputs the contract cannot feed: {string.Join(", ", extra)}.");
        }

        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset is < 11 or > 17)
        {
            problems.Add($"its opset {opset} is outside 11..17, the opsets this adopter knows.");
        }

        var domains = model.OpsetImport.Where(o => o.Domain is not ("" or "ai.onnx")).Select(o => o.Domain).ToList();
        if (domains.Count > 0)
        {
            problems.Add($"it uses the operator domains {string.Join(", ", domains)} (an optimised or quantised export): adopt the plain export.");
        }

        var unknown = graph.Node.Select(n => n.OpType).Where(op => !KnownOperators.Contains(op)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"it uses operators outside a BERT encoder: {string.Join(", ", unknown)}.");
        }

        // External data leaves a tensor with dims but neither raw_data nor typed values in the file.
        if (graph.Initializer.Any(t => t.RawData.IsEmpty && t.FloatData.Count == 0 && t.Int64Data.Count == 0 && t.Int32Data.Count == 0 && t.DoubleData.Count == 0 && TensorData.ElementCount(t) > 0))
        {
            problems.Add("its weights are stored outside the file (external data): save it as one file.");
        }

        var word = Table(graph, WordTable);
        var position = Table(graph, PositionTableName);
        if (word is null)
        {
            problems.Add($"it has no '{WordTable}' table (Hugging Face BERT names).");
        }

        if (position is null)
        {
            problems.Add($"it has no '{PositionTableName}' table: positions must be a learned absolute table.");
        }

        var (vocab, dim, maxLength) = (0, 0, 0);
        if (word is { Dims.Count: 2 })
        {
            (vocab, dim) = ((int)word.Dims[0], (int)word.Dims[1]);
            if (!index.Consumers[word.Name].Any(n => n is { OpType: "Gather", Input.Count: 2 } && n.Input[1] == ModelContract.InputIds))
            {
                problems.Add("its token table is not looked up with input_ids directly.");
            }
        }

        if (position is { Dims.Count: 2 })
        {
            maxLength = (int)position.Dims[0];
            if (position.Dims[1] != dim)
            {
                problems.Add($"its position table [{string.Join(", ", position.Dims)}] and token table disagree on the width {dim}.");
            }
        }

        var positionGather = position is null ? null : PositionGather(position, maxLength, index, inputs, problems);
        var hidden = graph.Output.FirstOrDefault(o => o.Name == "last_hidden_state")
            ?? graph.Output.FirstOrDefault(o => o.Type?.TensorType is { ElemType: (int)DataType.Float, Shape.Dim.Count: 3 });
        if (hidden is null)
        {
            problems.Add($"it has no float output [batch, sequence, dim] (its outputs: {string.Join(", ", graph.Output.Select(o => o.Name))}).");
        }

        var layers = graph.Initializer.Select(t => LayerName().Match(t.Name)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
        if (layers == 0)
        {
            problems.Add("it has no 'encoder.layer.N.*' weights.");
        }

        var heads = Heads(graph, index, dim);
        if (heads == 0 && layers > 0)
        {
            problems.Add("its number of attention heads cannot be read from its Reshape shapes.");
        }

        if (problems.Count > 0)
        {
            throw new NotBertFamilyException(source, problems);
        }

        return new BertGraphFacts
        {
            VocabSize = vocab,
            MaxLength = maxLength,
            Dim = dim,
            Layers = layers,
            Heads = heads,
            FeedForwardDim = Table(graph, "encoder.layer.0.intermediate.dense.bias") is { Dims.Count: 1 } ff ? (int)ff.Dims[0] : 0,
            NormEpsilon = NormEpsilon(graph, index),
            TokenTable = word!.Name,
            PositionTable = position!.Name,
            HasTokenTypes = Table(graph, TokenTypeTable) is not null,
            HiddenOutput = hidden!.Name,
            PositionGather = positionGather!,
            Opset = opset,
            Producer = $"{model.ProducerName} {model.ProducerVersion}".Trim(),
        };
    }

    private static TensorProto? Table(GraphProto graph, string suffix) =>
        graph.Initializer.FirstOrDefault(t => t.Name == suffix || t.Name.EndsWith("." + suffix, StringComparison.Ordinal));

    /// <summary>The one Gather of the position table, whose indices are 0..seq-1: a Slice from 0 of a constant range, or a position_ids input.</summary>
    private static NodeProto? PositionGather(TensorProto table, int rows, GraphIndex index, IReadOnlyDictionary<string, ValueInfoProto> inputs, List<string> problems)
    {
        var readers = index.Consumers[table.Name].ToList();
        if (readers is not [{ OpType: "Gather" } gather])
        {
            problems.Add($"its position table is read by {readers.Count} node(s) ({string.Join(", ", readers.Select(n => n.OpType))}), not by one Gather.");
            return null;
        }

        var ids = gather.Input[1];
        if (inputs.ContainsKey(ids))
        {
            return gather;   // a position_ids input: replaced by positions from the mask like the range
        }

        if (index.Producer(ids) is not { OpType: "Slice" } slice || index.Integers(slice.Input[0]) is not { } range
            || range.Where((value, i) => value != i).Any() || index.Integers(slice.Input[1]) is not [0])
        {
            problems.Add("its position ids are not the absolute range 0..seq-1 (a Slice from 0 of a constant range), so they cannot be rebuilt from the attention mask.");
            return null;
        }

        if (range.Length < rows)
        {
            problems.Add($"its position-id range has {range.Length} entries for a {rows}-row table.");
        }

        return gather;
    }

    /// <summary>Heads from the attention Reshape target [batch, seq, heads, head_dim] with heads x head_dim = dim.</summary>
    private static int Heads(GraphProto graph, GraphIndex index, int dim)
    {
        foreach (var reshape in graph.Node.Where(n => n.OpType == "Reshape"))
        {
            var shape = index.Integers(reshape.Input[1])?.ToList()
                ?? (index.Producer(reshape.Input[1]) is { OpType: "Concat", Input.Count: 4 } concat
                    ? [.. concat.Input.Select(i => index.Integers(i) is [var v] ? v : -1)]
                    : null);
            if (shape is [_, _, > 0 and var heads, > 0 and var headDim] && heads * headDim == dim)
            {
                return (int)heads;
            }
        }

        return 0;
    }

    /// <summary>The LayerNorm epsilon: the constant added before each Sqrt of a decomposed LayerNorm, or LayerNormalization's attribute.</summary>
    private static double NormEpsilon(GraphProto graph, GraphIndex index)
    {
        foreach (var sqrt in graph.Node.Where(n => n.OpType == "Sqrt"))
        {
            if (index.Producer(sqrt.Input[0]) is { OpType: "Add" } add && add.Input.Select(index.Floats).FirstOrDefault(f => f is [_]) is [var epsilon])
            {
                return AsWritten(epsilon);
            }
        }

        return graph.Node.FirstOrDefault(n => n.OpType == "LayerNormalization")?.Attribute.FirstOrDefault(a => a.Name == "epsilon") is { } attribute
            ? AsWritten(attribute.F)
            : ModelConfig.DefaultNormEpsilon;
    }

    /// <summary>The float as its author wrote it (1e-12, not 9.99999996e-13), the shortest text that reads back to it.</summary>
    private static double AsWritten(float value) => double.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"encoder\.layer\.(\d+)\.")]
    private static partial Regex LayerName();
}
