namespace MlNetPositional.Inference;

/// <summary>The model's outputs for one sequence.</summary>
/// <param name="Embeddings">Row-major [length, dim]: one vector per token.</param>
/// <param name="Pooled">[dim]: the mean over the sequence's tokens.</param>
/// <param name="Length">Tokens in the sequence.</param>
/// <param name="Dim">Embedding width.</param>
public sealed record EmbeddingResult(float[] Embeddings, float[] Pooled, int Length, int Dim)
{
    /// <summary>The embedding of token <paramref name="position"/>.</summary>
    public ReadOnlySpan<float> Token(int position) => Embeddings.AsSpan(position * Dim, Dim);
}
