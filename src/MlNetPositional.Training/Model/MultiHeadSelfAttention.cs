using MlNetPositional.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>
/// Multi-head scaled dot-product self-attention with a key-padding mask. Written out rather than
/// using nn.MultiheadAttention so the exporter can map each weight to an ONNX initializer.
/// </summary>
internal sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>
    /// Added to the scores of padded keys. Finite on purpose: an all -inf row would softmax to NaN,
    /// and the ONNX graph uses the same constant so both runtimes agree.
    /// </summary>
    public const float MaskedScore = -1e9f;

    private readonly Linear _qkv;
    private readonly Linear _output;
    private readonly Dropout _dropout;
    private readonly int _heads;
    private readonly PositionalKind _positional;
    private readonly bool _alibiSymmetric;
    private readonly float[] _alibiSlopes = [];
    private readonly float[] _alibiDirections = [];

    /// <summary>Creates the projections for <paramref name="dim"/> split over <paramref name="heads"/> heads.</summary>
    public MultiHeadSelfAttention(int dim, int heads, double dropout, PositionalKind positional = PositionalKind.Learned, bool alibiSymmetric = false) : base(nameof(MultiHeadSelfAttention))
    {
        _heads = heads;
        (_positional, _alibiSymmetric) = (positional, alibiSymmetric);
        if (positional == PositionalKind.Alibi)
        {
            (_alibiSlopes, _alibiDirections) = RelativePositions.AlibiHeads(heads, alibiSymmetric);
        }

        _qkv = nn.Linear(dim, 3 * dim);
        _output = nn.Linear(dim, dim);
        _dropout = nn.Dropout(dropout);
        register_module("qkv", _qkv);
        register_module("output", _output);
        register_module("dropout", _dropout);
    }

    /// <summary>Query, key and value projections stacked: weight [3C, C], bias [3C].</summary>
    public Linear Qkv => _qkv;

    /// <summary>The output projection.</summary>
    public Linear Output => _output;

    /// <summary>Number of heads.</summary>
    public int Heads => _heads;

    /// <summary>ALiBi slopes per head (empty unless the model uses ALiBi).</summary>
    public IReadOnlyList<float> AlibiSlopes => _alibiSlopes;

    /// <summary>ALiBi direction per head: +1 looks back, -1 forward, 0 both (empty unless ALiBi).</summary>
    public IReadOnlyList<float> AlibiDirections => _alibiDirections;

    /// <summary>Attends x (B, T, C) to itself; <paramref name="keyIsPad"/> (B, T) is true where a key is padding.</summary>
    public override Tensor forward(Tensor x, Tensor keyIsPad) => Forward(x, keyIsPad, null);

    /// <summary>
    /// As <see cref="forward"/>, with each token's position given (B, T) instead of 0..T-1: relative
    /// kinds use them (evaluation with shuffled positions); absolute kinds ignore them here.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor keyIsPad, Tensor? positions)
    {
        using var scope = NewDisposeScope();
        var (batch, length, dim) = (x.shape[0], x.shape[1], x.shape[2]);
        var headDim = dim / _heads;

        var qkv = _qkv.forward(x).view(batch, length, 3, _heads, headDim);       // (B, T, 3, H, D)
        qkv = qkv.permute(2, 0, 3, 1, 4);                                          // (3, B, H, T, D)
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        if (_positional == PositionalKind.Rope)
        {
            var (cos, sin) = positions is null
                ? RelativePositions.RotaryTables(length, (int)headDim)                // (T, D): positions 0..T-1 (right padding)
                : RelativePositions.RotaryTables(positions, (int)headDim);            // (B, 1, T, D)
            (q, k) = (RelativePositions.Rotate(q, cos, sin), RelativePositions.Rotate(k, cos, sin));
        }

        var scores = q.matmul(k.transpose(-2, -1)) * (1.0 / Math.Sqrt(headDim));   // (B, H, T, T)
        var maskBias = (keyIsPad.to_type(ScalarType.Float32) * MaskedScore)        // (B, T)
            .view(batch, 1, 1, length);                                             // (B, 1, 1, T)
        if (_positional == PositionalKind.Alibi)
        {
            maskBias = maskBias + (positions is null
                ? RelativePositions.AlibiBias(length, _alibiSlopes, _alibiDirections, _alibiSymmetric)
                : RelativePositions.AlibiBias(positions, _alibiSlopes, _alibiDirections, _alibiSymmetric)); // (B, H, T, T)
        }
        var weights = _dropout.forward(nn.functional.softmax(scores + maskBias, -1));

        var y = weights.matmul(v)                                                   // (B, H, T, D)
            .transpose(1, 2).contiguous().view(batch, length, dim);                 // (B, T, C)
        return _dropout.forward(_output.forward(y)).MoveToOuterDisposeScope();
    }
}
