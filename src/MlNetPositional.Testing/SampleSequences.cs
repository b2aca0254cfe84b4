using MlNetPositional.Inference;

namespace MlNetPositional.Testing;

/// <summary>Seeded token-id sequences of a model's ordinary tokens (never [PAD] or [UNK]), for assertions and golden files.</summary>
public static class SampleSequences
{
    /// <summary><paramref name="count"/> sequences of lengths 2..<paramref name="maxLength"/> (capped at the model's max length).</summary>
    public static IReadOnlyList<long[]> For(PositionalEmbeddingModel model, int count = 8, int maxLength = 8, int seed = 1) =>
        model.SampleSequences(count, maxLength, seed);
}
