using MlNetPositional.Inference;

namespace MlNetPositional.Scoring;

/// <summary>
/// The check of a text token given to a character model (tokenizer <c>chars</c>): each token must be
/// whole characters. Two kinds of token cannot say which character they stand for, and would silently
/// become [UNK] or the wrong character: ML.NET's key-value text of a surrogate key (<c>\u4X</c>, the
/// same for every character outside the Basic Multilingual Plane — what MapKeyToValue gives for the
/// keys of an emoji), and a token holding half of a surrogate pair (what splitting a string into UTF-16
/// <see cref="char"/>s gives). Both are refused, naming the row and position and the way out.
/// </summary>
internal static class CharacterTokenCheck
{
    /// <summary>ML.NET's key-value text of every surrogate key (its format string <c>\\u{0:4X}</c> prints a literal 4X).</summary>
    public const string SurrogateKeyText = "\\u4X";

    /// <summary>Returns the token when it is whole characters.</summary>
    /// <exception cref="PositionalInputException">The token is ML.NET's text of a surrogate key, or holds an unpaired surrogate.</exception>
    public static ReadOnlySpan<char> Whole(ReadOnlyMemory<char> token, long row, int position, string column)
    {
        var text = token.Span;
        if (text.SequenceEqual(SurrogateKeyText))
        {
            throw new PositionalInputException(
                $"Token '{SurrogateKeyText}' at row {row}, position {position} of column '{column}' is ML.NET's key-value text of a UTF-16 surrogate, the same for every character outside the Basic Multilingual Plane (emoji, 𝐀, 𠀀), so this character model cannot tell which character it was: give ApplyPositionalEmbedding the keys of TokenizeIntoCharactersAsKeys themselves, not MapKeyToValue of them.", row, position);
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw new PositionalInputException(
                    $"Token at row {row}, position {position} of column '{column}' holds half of a UTF-16 surrogate pair (U+{(int)text[i]:X4}), so this character model cannot tell which character it was: split text into characters with string.EnumerateRunes (or TokenizeIntoCharactersAsKeys), not into chars.", row, position);
            }
        }

        return text;
    }
}
