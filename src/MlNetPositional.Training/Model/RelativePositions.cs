using MlNetPositional.Contract;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>
/// The relative positional schemes, shared by the TorchSharp modules and the ONNX export so both use
/// the same constants: rotary embeddings (RoFormer; the "rotate half" pairing of GPT-NeoX and
/// Llama) and ALiBi (Press et al.; the paper's head slopes, two-sided by default, see
/// <see cref="ModelConfig.AlibiSymmetric"/>).
/// </summary>
internal static class RelativePositions
{
    /// <summary>Rotary frequencies 1 / 10000^(2i / headDim), i &lt; headDim / 2, computed in double.</summary>
    public static float[] InverseFrequencies(int headDim) =>
        [.. Enumerable.Range(0, headDim / 2).Select(i => (float)(1.0 / Math.Pow(10000.0, 2.0 * i / headDim)))];

    /// <summary>cos and sin of position x frequency for positions 0..length-1: (T, D), each half repeated.</summary>
    public static (Tensor Cos, Tensor Sin) RotaryTables(long length, int headDim)
    {
        using var scope = NewDisposeScope();
        var positions = arange(length, ScalarType.Float32).unsqueeze(1);                  // (T, 1)
        var angles = positions * tensor(InverseFrequencies(headDim)).unsqueeze(0);        // (T, D/2)
        var both = cat([angles, angles], 1);                                              // (T, D)
        return (both.cos().MoveToOuterDisposeScope(), both.sin().MoveToOuterDisposeScope());
    }

    /// <summary>The same for given positions (B, T): (B, 1, T, D).</summary>
    public static (Tensor Cos, Tensor Sin) RotaryTables(Tensor positions, int headDim)
    {
        using var scope = NewDisposeScope();
        var angles = positions.to_type(ScalarType.Float32).unsqueeze(-1) * tensor(InverseFrequencies(headDim)); // (B, T, D/2)
        var both = cat([angles, angles], -1).unsqueeze(1);                                                  // (B, 1, T, D)
        return (both.cos().MoveToOuterDisposeScope(), both.sin().MoveToOuterDisposeScope());
    }

    /// <summary>x·cos + rotate_half(x)·sin, rotate_half(x) = [-x2, x1] for the halves x1, x2 of the last axis.</summary>
    public static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var rotated = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1);
        return ((x * cos) + (rotated * sin)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per head, the slope and the direction it looks (+1 backwards, -1 forwards, 0 both ways). Two-sided:
    /// the first ceil(H/2) heads look back and the others forward, each group with the paper's slopes
    /// for its size; symmetric: every head both ways with the slopes for H.
    /// </summary>
    public static (float[] Slopes, float[] Directions) AlibiHeads(int heads, bool symmetric)
    {
        if (symmetric)
        {
            return ([.. PaperSlopes(heads).Select(s => (float)s)], new float[heads]);
        }

        var back = (heads + 1) / 2;
        var slopes = PaperSlopes(back).Concat(PaperSlopes(heads - back)).Select(s => (float)s).ToArray();
        var directions = Enumerable.Range(0, heads).Select(h => h < back ? 1f : -1f).ToArray();
        return (slopes, directions);
    }

    /// <summary>The ALiBi score bias (1, H, T, T) for positions 0..length-1.</summary>
    public static Tensor AlibiBias(long length, float[] slopes, float[] directions, bool symmetric)
    {
        using var scope = NewDisposeScope();
        return AlibiBias(arange(length, ScalarType.Float32).unsqueeze(0), slopes, directions, symmetric).MoveToOuterDisposeScope();
    }

    /// <summary>The ALiBi score bias (B, H, T, T) for given positions (B, T).</summary>
    public static Tensor AlibiBias(Tensor positions, float[] slopes, float[] directions, bool symmetric)
    {
        using var scope = NewDisposeScope();
        var values = positions.to_type(ScalarType.Float32);
        var distance = values.unsqueeze(2) - values.unsqueeze(1);                        // (B, T, T): query i minus key j
        var negativeSlopes = tensor(slopes).neg().view(1, -1, 1, 1);                     // (1, H, 1, 1)
        Tensor bias;
        if (symmetric)
        {
            bias = distance.abs().unsqueeze(1) * negativeSlopes;
        }
        else
        {
            var directed = distance.unsqueeze(1) * tensor(directions).view(1, -1, 1, 1); // (B, H, T, T): >= 0 where the head may look
            bias = where(directed.ge(0), directed * negativeSlopes, full_like(directed, MultiHeadSelfAttention.MaskedScore));
        }

        return bias.MoveToOuterDisposeScope();
    }

    /// <summary>The paper's slopes: 2^(-8h/n) for h = 1..n when n is a power of two; otherwise those of the largest power of two below n, then every other slope of twice that.</summary>
    private static double[] PaperSlopes(int n)
    {
        if (n <= 0)
        {
            return [];
        }

        if ((n & (n - 1)) == 0)
        {
            return [.. Enumerable.Range(1, n).Select(h => Math.Pow(2, -8.0 * h / n))];
        }

        var power = 1 << (int)Math.Floor(Math.Log2(n));
        return [.. PaperSlopes(power), .. PaperSlopes(2 * power).Where((_, i) => i % 2 == 0).Take(n - power)];
    }
}
