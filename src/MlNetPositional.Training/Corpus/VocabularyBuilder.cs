using MlNetPositional.Contract;

namespace MlNetPositional.Training.Corpus;

/// <summary>
/// Builds a vocabulary from token counts: <c>[PAD]</c> = 0, <c>[UNK]</c> = 1, then any special tokens,
/// then tokens seen at least <see cref="MinCount"/> times, most frequent first (ties in ordinal order,
/// so the result is the same on every machine), up to <see cref="MaxSize"/> entries in all.
/// </summary>
internal sealed class VocabularyBuilder(int minCount = 1, int maxSize = 30_000, IReadOnlyList<string>? specials = null)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly string[] _specials = [.. specials ?? []];

    /// <summary>Tokens seen fewer times are left out (they become [UNK]).</summary>
    public int MinCount { get; } = minCount >= 1 ? minCount : throw new ArgumentOutOfRangeException(nameof(minCount), minCount, "min count must be at least 1.");

    /// <summary>The largest vocabulary, reserved and special tokens included.</summary>
    public int MaxSize { get; } = maxSize >= 3 + (specials?.Count ?? 0) ? maxSize : throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "max size must leave room for [PAD], [UNK], the special tokens and one token.");

    /// <summary>Counts the tokens of one sequence.</summary>
    public void Add(IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            _counts[token] = _counts.GetValueOrDefault(token) + 1;
        }
    }

    /// <summary>The vocabulary from everything added so far.</summary>
    public Vocabulary Build()
    {
        var reserved = new List<string> { Vocabulary.PadToken, Vocabulary.UnknownToken };
        reserved.AddRange(_specials.Where(s => !reserved.Contains(s)));
        var taken = reserved.ToHashSet(StringComparer.Ordinal);
        var words = _counts.Where(c => c.Value >= MinCount && !taken.Contains(c.Key))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(MaxSize - reserved.Count)
            .Select(c => c.Key);
        return new Vocabulary(reserved.Concat(words));
    }
}
