using MlNetPositional.Contract;
using MlNetPositional.Text;

namespace MlNetPositional.Scoring;

/// <summary>
/// Model token ids of characters read from an ML.NET character-keys column (see
/// <see cref="CharacterKeys"/>): a character of the Basic Multilingual Plane through the column's
/// key table (its key-value text matched to the vocabulary), a character outside it through the
/// vocabulary entries that are exactly one such character. Unknown characters are [UNK]; so is the
/// <c>\u4X</c> entry of a model trained before characters were joined (nothing produces it now).
/// </summary>
internal sealed class CharacterIds
{
    /// <param name="keyToId">The column's key table: model id of each key, index 0 the missing key.</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    public CharacterIds(long[] keyToId, Vocabulary vocabulary)
    {
        // A character-keys column has a key per code unit 1..0xFFFF, so the table covers every unit.
        ByUnit = keyToId.Length == char.MaxValue + 1
            ? keyToId
            : throw new ArgumentException($"A character key table has {char.MaxValue + 1} entries, not {keyToId.Length}.", nameof(keyToId));
        UnknownId = vocabulary.UnknownId;
        Supplementary = vocabulary.Tokens
            .Select((token, id) => (token, id))
            .Where(t => t.token.Length == 2 && char.IsSurrogatePair(t.token[0], t.token[1]))
            .ToDictionary(t => char.ConvertToUtf32(t.token[0], t.token[1]), t => (long)t.id);
    }

    /// <summary>Model id of each UTF-16 code unit (index = unit; 0 is ML.NET's missing key).</summary>
    public long[] ByUnit { get; }

    /// <summary>Model id of each character outside the Basic Multilingual Plane the vocabulary holds.</summary>
    public IReadOnlyDictionary<int, long> Supplementary { get; }

    /// <summary>The [UNK] id.</summary>
    public long UnknownId { get; }

    /// <summary>The model id of one character (a code point, as <see cref="CharacterKeys.Next"/> reads it).</summary>
    public long IdOf(int codePoint) =>
        codePoint <= char.MaxValue ? ByUnit[codePoint] : Supplementary.GetValueOrDefault(codePoint, UnknownId);
}
