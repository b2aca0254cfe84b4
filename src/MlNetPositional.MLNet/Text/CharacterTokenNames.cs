using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;

namespace MlNetPositional.Text;

/// <summary>
/// The token text of each character of an ML.NET character-keys column (<c>TokenizeIntoCharactersAsKeys</c>,
/// <see cref="TokenColumnKind.CharacterKeys"/>; a surrogate pair is one character),
/// which is what a character model's vocabulary holds. A character of the Basic Multilingual Plane is
/// ML.NET's key-value text, as it always was (letters as themselves; control characters and space
/// named, e.g. &lt;␂&gt; for the start marker), so existing vocabularies keep their entries. A character
/// outside it is the character itself, the same string a text token of it is. U+0000, ML.NET's missing
/// key, is [UNK], as ApplyPositionalEmbedding maps a missing key.
/// </summary>
public sealed class CharacterTokenNames
{
    private readonly string[] _keyText;

    private CharacterTokenNames(string[] keyText) => _keyText = keyText;

    /// <summary>The names for <paramref name="column"/>, a column of <see cref="TokenColumnKind.CharacterKeys"/> (see <see cref="PositionalEmbeddingColumns.KindOf(DataViewSchema, string)"/>).</summary>
    public static CharacterTokenNames Of(DataViewSchema.Column column)
    {
        var values = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetKeyValues(ref values);
        return new CharacterTokenNames([.. values.DenseValues().Select(v => v.ToString())]);
    }

    /// <summary>The token of one character, given as its code point (0: ML.NET's missing key, which is [UNK]).</summary>
    internal string Name(int codePoint) => codePoint switch
    {
        0 => Vocabulary.UnknownToken,
        <= char.MaxValue => _keyText[codePoint - 1],
        _ => char.ConvertFromUtf32(codePoint),
    };

    /// <summary>The tokens of one row of keys, one per character.</summary>
    public string[] Names(ReadOnlySpan<ushort> keys)
    {
        var names = new string[CharacterKeys.Count(keys)];
        for (int i = 0, t = 0; i < keys.Length; t++)
        {
            names[t] = Name(CharacterKeys.Next(keys, ref i));
        }

        return names;
    }
}
