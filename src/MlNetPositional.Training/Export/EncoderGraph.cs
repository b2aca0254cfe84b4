using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Training.Export;

/// <summary>
/// Writes a <see cref="PositionalEncoder"/> as ONNX nodes, op for op what its forward does in eval
/// mode (dropout is the identity). Batch and sequence are symbolic; weights become raw_data
/// initializers, linear weights transposed to [in, out] for MatMul.
/// </summary>
internal sealed class EncoderGraph
{
    private const float LayerNormEpsilon = 1e-5f; // torch's nn.LayerNorm default, used by every norm of the model

    private readonly GraphBuilder _graph = new("mlnet_positional_encoder");
    private readonly PositionalEncoder _encoder;
    private readonly int _opset;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    private EncoderGraph(PositionalEncoder encoder, int opset) => (_encoder, _opset) = (encoder, opset);

    /// <summary>Builds the graph of <paramref name="encoder"/> for <paramref name="opset"/>.</summary>
    public static GraphBuilder Build(PositionalEncoder encoder, int opset)
    {
        var builder = new EncoderGraph(encoder, opset);
        builder.Emit();
        return builder._graph;
    }

    private void Emit()
    {
        var config = _encoder.Config;
        var ids = _graph.AddInput(ModelContract.InputIds, DataType.Int64, ModelContract.BatchDim, ModelContract.SequenceDim);
        var mask = _graph.AddInput(ModelContract.AttentionMask, DataType.Int64, ModelContract.BatchDim, ModelContract.SequenceDim);

        var x = _graph.Node("Gather", "token_embeddings", [Weight(ModelContract.TokenTable, _encoder.Embedding.TokenTable), ids], GraphBuilder.Int("axis", 0)); // (B, T, C)
        if (_encoder.Embedding.SegmentRow is { } segment)
        {
            x = _graph.Node("Add", "with_segment", [x, Weight("embedding.segment", segment)]);                          // BERT's token-type 0, before positions as in PyTorch
        }

        // Contract version 2: a token's position is the number of real tokens before it, so left
        // and right padding agree; pads get position 0 (their outputs are masked and zeroed).
        string PositionIds() => Shared("position_ids", () =>
            _graph.Node("Max", "position_ids", [_graph.Node("Sub", "tokens_before", [_graph.Node("CumSum", "tokens_so_far", [mask, ScalarIndex(1)]), ScalarIndex(1)]), ScalarIndex(0)])); // (B, T)
        if (_encoder.Embedding.PositionTable is { } positions)
        {
            var rows = _graph.Node("Gather", "positions", [Weight(ModelContract.PositionTable, positions), PositionIds()], GraphBuilder.Int("axis", 0)); // (B, T, C)
            x = _graph.Node("Add", "embedded", [x, rows]);
        }

        if (_encoder.Embedding.Norm is { } norm)
        {
            x = LayerNorm(norm, "embedding.norm", x, (float)config.EffectiveEmbeddingNormEpsilon);
        }

        var maskFloat = _graph.Node("Cast", "mask_float", [mask], GraphBuilder.Int("to", (long)DataType.Float));             // (B, T)
        var keep = _graph.Node("Unsqueeze", "keep", [maskFloat, Ints("last_axis", -1)]);                                    // (B, T, 1)
        if (_encoder.Blocks.Count > 0)
        {
            var isPad = _graph.Node("Cast", "key_is_pad", [_graph.Node("Equal", "mask_is_zero", [mask, Ints("zero_id", 0)])], GraphBuilder.Int("to", (long)DataType.Float));
            var bias = _graph.Node("Mul", "key_bias", [isPad, FloatScalar("masked_score", MultiHeadSelfAttention.MaskedScore)]); // (B, T)
            var scoreBias = _graph.Node("Unsqueeze", "score_bias", [bias, Ints("head_and_query_axes", 1, 2)]);             // (B, 1, 1, T)
            var positionsAsFloat = config.Positional.IsRelative() ? _graph.Node("Cast", "position_values", [PositionIds()], GraphBuilder.Int("to", (long)DataType.Float)) : null; // (B, T)
            if (config.Positional == PositionalKind.Alibi)
            {
                scoreBias = _graph.Node("Add", "score_bias_with_alibi", [scoreBias, AlibiBias(_encoder.Blocks[0].Attention, positionsAsFloat!, config.AlibiSymmetric)]); // (B, H, T, T)
            }

            var rotary = config.Positional == PositionalKind.Rope ? RotaryTables(positionsAsFloat!, config.Dim / config.Heads) : ((string, string)?)null;
            for (var i = 0; i < _encoder.Blocks.Count; i++)
            {
                x = Block(_encoder.Blocks[i], $"blocks.{i}", x, scoreBias, rotary);
            }

            x = LayerNorm(_encoder.FinalNorm!, "final_norm", x);
        }

        _graph.NodeTo("Mul", ModelContract.Embeddings, [x, keep]);                                                        // (B, T, C), pads zeroed

        // pooled = (mask / count) @ x: one pass over the hidden states, and independent of the
        // embeddings output, so a caller that fetches only pooled never pays for zeroing the pads.
        var count = _graph.Node("ReduceSum", "count", [maskFloat, Ints("seq_axis", 1)], GraphBuilder.Int("keepdims", 1));      // (B, 1)
        var safeCount = _graph.Node("Max", "count_at_least_one", [count, FloatScalar("one", 1f)]);                         // an empty row pools to zeros
        var weights = _graph.Node("Unsqueeze", "pool_weights", [_graph.Node("Div", "mask_share", [maskFloat, safeCount]), Ints("seq_axis", 1)]); // (B, 1, T)
        _graph.NodeTo("Squeeze", ModelContract.Pooled, [_graph.Node("MatMul", "pooled_rows", [weights, x]), Ints("seq_axis", 1)]);  // (B, C)

        _graph.AddOutput(ModelContract.Embeddings, DataType.Float, ModelContract.BatchDim, ModelContract.SequenceDim, (long)config.Dim);
        _graph.AddOutput(ModelContract.Pooled, DataType.Float, ModelContract.BatchDim, (long)config.Dim);
    }

    private string Block(EncoderBlock block, string name, string x, string scoreBias, (string Cos, string Sin)? rotary)
    {
        var attention = block.Attention;
        var dim = _encoder.Config.Dim;
        var heads = attention.Heads;
        var headDim = dim / heads;

        var h = LayerNorm(block.AttentionNorm, $"{name}.attention_norm", x);
        var qkv = Linear(attention.Qkv, $"{name}.attention.qkv", h);                                                      // (B, T, 3C)
        var split = _graph.Node("Reshape", $"{name}.qkv_heads", [qkv, Ints("qkv_shape", 0, 0, 3, heads, headDim)]); // (B, T, 3, H, D)
        var stacked = _graph.Node("Transpose", $"{name}.qkv_stacked", [split], GraphBuilder.Ints("perm", 2, 0, 3, 1, 4));       // (3, B, H, T, D)
        var q = _graph.Node("Gather", $"{name}.q", [stacked, ScalarIndex(0)], GraphBuilder.Int("axis", 0));                  // (B, H, T, D)
        var k = _graph.Node("Gather", $"{name}.k", [stacked, ScalarIndex(1)], GraphBuilder.Int("axis", 0));
        var v = _graph.Node("Gather", $"{name}.v", [stacked, ScalarIndex(2)], GraphBuilder.Int("axis", 0));
        if (rotary is { } tables)
        {
            (q, k) = (Rotate($"{name}.q_rotated", q, tables, headDim), Rotate($"{name}.k_rotated", k, tables, headDim));
        }

        var kT = _graph.Node("Transpose", $"{name}.k_t", [k], GraphBuilder.Ints("perm", 0, 1, 3, 2));                       // (B, H, D, T)
        var scores = _graph.Node("Mul", $"{name}.scores", [_graph.Node("MatMul", $"{name}.qk", [q, kT]), FloatScalar("scale", (float)(1.0 / Math.Sqrt(headDim)))]); // (B, H, T, T)
        var weights = _graph.Node("Softmax", $"{name}.weights", [_graph.Node("Add", $"{name}.masked_scores", [scores, scoreBias])], GraphBuilder.Int("axis", -1));
        var attended = _graph.Node("MatMul", $"{name}.attended", [weights, v]);                                         // (B, H, T, D)
        var merged = _graph.Node("Reshape", $"{name}.merged", [
            _graph.Node("Transpose", $"{name}.heads_last", [attended], GraphBuilder.Ints("perm", 0, 2, 1, 3)),          // (B, T, H, D)
            Ints("merged_shape", 0, 0, dim)]);                                                          // (B, T, C)
        x = _graph.Node("Add", $"{name}.after_attention", [x, Linear(attention.Output, $"{name}.attention.output", merged)]);

        var h2 = LayerNorm(block.FeedForwardNorm, $"{name}.feed_forward_norm", x);
        var up = Gelu($"{name}.feed_forward", Linear(block.FeedForward.Up, $"{name}.feed_forward.up", h2));              // (B, T, F)
        return _graph.Node("Add", $"{name}.after_feed_forward", [x, Linear(block.FeedForward.Down, $"{name}.feed_forward.down", up)]);
    }

    /// <summary>cos and sin of position x frequency, (B, 1, T, D), from the actual positions: any length.</summary>
    private (string Cos, string Sin) RotaryTables(string positions, int headDim)
    {
        var frequencies = _graph.AddInitializer("rotary_inverse_frequencies", RelativePositions.InverseFrequencies(headDim).AsSpan(), headDim / 2);
        var angles = _graph.Node("Mul", "rotary_angles", [_graph.Node("Unsqueeze", "position_column", [positions, Ints("last_axis", -1)]), frequencies]); // (B, T, D/2)
        var both = _graph.Node("Unsqueeze", "rotary_angles_per_head", [_graph.Node("Concat", "rotary_angles_twice", [angles, angles], GraphBuilder.Int("axis", -1)), Ints("head_axis", 1)]); // (B, 1, T, D)
        return (_graph.Node("Cos", "rotary_cos", [both]), _graph.Node("Sin", "rotary_sin", [both]));
    }

    /// <summary>x·cos + [-x2, x1]·sin over the last axis of (B, H, T, D).</summary>
    private string Rotate(string name, string x, (string Cos, string Sin) tables, int headDim)
    {
        var half = headDim / 2;
        var first = _graph.Node("Slice", $"{name}.first_half", [x, Ints("rotary_start", 0), Ints("rotary_half", half), Ints("rotary_axis", 3)]);
        var second = _graph.Node("Slice", $"{name}.second_half", [x, Ints("rotary_half", half), Ints("rotary_end", headDim), Ints("rotary_axis", 3)]);
        var rotated = _graph.Node("Concat", $"{name}.rotated_half", [_graph.Node("Neg", $"{name}.negated", [second]), first], GraphBuilder.Int("axis", 3));
        return _graph.Node("Add", name, [_graph.Node("Mul", $"{name}.cos_part", [x, tables.Cos]), _graph.Node("Mul", $"{name}.sin_part", [rotated, tables.Sin])]);
    }

    /// <summary>The ALiBi bias (B, H, T, T) from the actual positions: any length.</summary>
    private string AlibiBias(MultiHeadSelfAttention attention, string positions, bool symmetric)
    {
        var heads = attention.Heads;
        var negativeSlopes = _graph.AddInitializer("alibi_negative_slopes", attention.AlibiSlopes.Select(s => -s).ToArray().AsSpan(), 1, heads, 1, 1);
        var queries = _graph.Node("Unsqueeze", "alibi_query_positions", [positions, Ints("alibi_query_axes", 1, 3)]);   // (B, 1, T, 1)
        var keys = _graph.Node("Unsqueeze", "alibi_key_positions", [positions, Ints("head_and_query_axes", 1, 2)]);    // (B, 1, 1, T)
        var distance = _graph.Node("Sub", "alibi_distance", [queries, keys]);                                          // (B, 1, T, T): i - j
        if (symmetric)
        {
            return _graph.Node("Mul", "alibi_bias", [_graph.Node("Abs", "alibi_abs_distance", [distance]), negativeSlopes]);
        }

        var directions = _graph.AddInitializer("alibi_directions", attention.AlibiDirections.ToArray().AsSpan(), 1, heads, 1, 1);
        var directed = _graph.Node("Mul", "alibi_directed", [distance, directions]);                                   // (B, H, T, T): >= 0 where the head may look
        var allowed = _graph.Node("GreaterOrEqual", "alibi_allowed", [directed, FloatScalar("zero_f", 0f)]);
        return _graph.Node("Where", "alibi_bias", [allowed, _graph.Node("Mul", "alibi_scaled", [directed, negativeSlopes]), FloatScalar("masked_score", MultiHeadSelfAttention.MaskedScore)]);
    }

    /// <summary>A 0-d int64 index (Gather with it drops the axis), shared by every block.</summary>
    private string ScalarIndex(long index) => Shared($"index_{index}", () => _graph.AddInitializer($"index_{index}", new[] { index }.AsSpan()));

    private string Ints(string role, params long[] values) => Shared(role, () => _graph.Int64Constant(role, values));

    private string FloatScalar(string role, float value) => Shared(role, () => _graph.FloatScalar(role, value));

    private string Shared(string role, Func<string> create)
    {
        if (!_constants.TryGetValue(role, out var name))
        {
            name = create();
            _constants[role] = name;
        }

        return name;
    }

    private string LayerNorm(LayerNorm norm, string name, string x, float epsilon = LayerNormEpsilon) =>
        _graph.Node("LayerNormalization", name, [x, Weight($"{name}.weight", norm.weight!), Weight($"{name}.bias", norm.bias!)],
            GraphBuilder.Int("axis", -1), GraphBuilder.Float("epsilon", epsilon));

    private string Linear(Linear linear, string name, string x)
    {
        using var transposed = linear.weight!.t().contiguous();                                                           // [in, out]
        var product = _graph.Node("MatMul", $"{name}.matmul", [x, Weight($"{name}.weight", transposed)]);
        return _graph.Node("Add", name, [product, Weight($"{name}.bias", linear.bias!)]);
    }

    /// <summary>Exact GELU: the Gelu op from opset 20, x * 0.5 * (1 + erf(x / sqrt 2)) below it.</summary>
    private string Gelu(string name, string x)
    {
        if (_opset >= 20)
        {
            return _graph.Node("Gelu", $"{name}.gelu", [x]);
        }

        var erf = _graph.Node("Erf", $"{name}.erf", [_graph.Node("Div", $"{name}.scaled", [x, FloatScalar("sqrt2", (float)Math.Sqrt(2.0))])]);
        var onePlus = _graph.Node("Add", $"{name}.one_plus_erf", [erf, FloatScalar("gelu_one", 1f)]);
        return _graph.Node("Mul", $"{name}.gelu", [_graph.Node("Mul", $"{name}.half_x", [x, FloatScalar("half", 0.5f)]), onePlus]);
    }

    private string Weight(string name, Tensor tensor)
    {
        using var contiguous = tensor.detach().contiguous();
        return _graph.AddInitializer(name, contiguous.data<float>().ToArray().AsSpan(), contiguous.shape);
    }
}
