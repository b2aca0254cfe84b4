using MlNetPositional.Runtime;

namespace MlNetPositional.Scoring;

/// <summary>Turns one sequence's model outputs into the transform's output vector.</summary>
internal static class Pooler
{
    /// <summary>The output size: dim for pooled kinds, max_length x dim for <see cref="PositionalPooling.None"/>.</summary>
    public static int OutputSize(PositionalPooling pooling, int dim, int maxLength) =>
        pooling == PositionalPooling.None ? maxLength * dim : dim;

    /// <summary>Writes the output of <paramref name="result"/> (null for an empty sequence: zeros) into <paramref name="output"/>.</summary>
    public static void Pool(EmbeddingResult? result, PositionalPooling pooling, Span<float> output)
    {
        output.Clear();
        if (result is null || result.Length == 0)
        {
            return;
        }

        switch (pooling)
        {
            case PositionalPooling.Mean:
                result.Pooled.CopyTo(output);
                break;
            case PositionalPooling.First:
                result.Token(0).CopyTo(output);
                break;
            case PositionalPooling.Max:
                result.Token(0).CopyTo(output);
                for (var t = 1; t < result.Length; t++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Max(output, result.Token(t), output);
                }

                break;
            default:
                result.Embeddings.CopyTo(output);
                break;
        }
    }
}
