using MlNetPositional.Runtime;

namespace MlNetPositional.Testing;

/// <summary>Seeded token-id sequences of a model's ordinary tokens (never [PAD] or [UNK]), for assertions and golden files.</summary>
public static class SampleSequences
{
    /// <summary><paramref name="count"/> sequences of lengths 2..<paramref name="maxLength"/> (capped at the model's max length).</summary>
    public static IReadOnlyList<long[]> For(PositionalEmbeddingModel model, int count = 8, int maxLength = 8, int seed = 1)
    {
        var vocabulary = model.Metadata.Vocabulary;
        var ordinary = Enumerable.Range(0, vocabulary.Count).Where(id => id != vocabulary.PadId && id != vocabulary.UnknownId).ToArray();
        var longest = Math.Max(2, Math.Min(maxLength, model.MaxLength));
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            Enumerable.Range(0, random.Next(2, longest + 1)).Select(_ => (long)ordinary[random.Next(ordinary.Length)]).ToArray())];
    }
}
