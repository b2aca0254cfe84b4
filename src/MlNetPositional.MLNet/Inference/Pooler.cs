using System.Numerics.Tensors;

namespace MlNetPositional.Inference;

/// <summary>Turns one sequence's model outputs into the transform's output vector.</summary>
internal static class Pooler
{
    /// <summary>The output size: dim for pooled kinds, max_length x dim for <see cref="PositionalPooling.None"/>.</summary>
    public static int OutputSize(PositionalPooling pooling, int dim, int maxLength) =>
        pooling == PositionalPooling.None ? maxLength * dim : dim;

    /// <summary>
    /// Writes the output for a non-empty sequence: <paramref name="tokens"/> is [length, dim] (needed
    /// for every pooling but <see cref="PositionalPooling.Mean"/>), <paramref name="pooled"/> is [dim].
    /// </summary>
    public static void Pool(ReadOnlySpan<float> tokens, ReadOnlySpan<float> pooled, int dim, PositionalPooling pooling, Span<float> output)
    {
        switch (pooling)
        {
            case PositionalPooling.Mean:
                pooled.CopyTo(output);
                break;
            case PositionalPooling.First:
                tokens[..dim].CopyTo(output);
                break;
            case PositionalPooling.Max:
                tokens[..dim].CopyTo(output);
                for (var t = dim; t < tokens.Length; t += dim)
                {
                    TensorPrimitives.Max(output, tokens.Slice(t, dim), output);
                }

                break;
            default:
                tokens.CopyTo(output);
                output[tokens.Length..].Clear();
                break;
        }
    }
}
