using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Text;

/// <summary>
/// The keys of ML.NET's <c>TokenizeIntoCharactersAsKeys</c>, read as characters. ML.NET's key of a
/// character is its UTF-16 code unit (key k is unit k, 65535 keys; U+0000 is the missing key 0; the
/// markers are 0x02 and 0x03, and 0x1F separates the texts of a vector), so a character outside the
/// Basic Multilingual Plane arrives as two keys, a surrogate pair. ML.NET's key-value text of every
/// surrogate is the same string (<c>\u4X</c>, from the format string <c>{0:4X}</c>), so matching these
/// keys by their text makes every emoji one token. Here they are read by their numbers instead, and a
/// pair is joined into its code point: one character, one token, one position.
/// </summary>
/// <remarks>
/// <para>Code points, not grapheme clusters: a code point follows from two adjacent keys with no
/// Unicode tables, so training, the batched transform and the saved stock ONNX graph (which does the
/// same with ONNX operators) agree on every runtime. Grapheme boundaries depend on the Unicode version
/// of the runtime and cannot be computed in the graph. A character written as several code points (a
/// letter and a combining accent, an emoji ZWJ sequence, a flag) is several tokens, as ML.NET already
/// makes a letter and its combining accent two keys.</para>
/// <para>An unpaired surrogate (malformed UTF-16, which only in-memory text can hold: every UTF-8 file
/// decodes without one) is read as U+FFFD, the replacement character, as .NET's encoders write it: the
/// token the text would have after a round trip through a UTF-8 file.</para>
/// </remarks>
internal static class CharacterKeys
{
    /// <summary>The keys ML.NET's character tokenizer declares: one per UTF-16 code unit 1..0xFFFF.</summary>
    public const ulong KeyCount = ushort.MaxValue;

    /// <summary>What an unpaired surrogate is read as.</summary>
    public const int ReplacementCharacter = 0xFFFD;

    /// <summary>
    /// True when <paramref name="column"/> holds ML.NET character keys: a vector of 16-bit keys, 65535
    /// of them, whose key values for the printable ASCII characters are those characters. The type
    /// alone could be any 65535-key column; the values make it ML.NET's character tokenizer.
    /// </summary>
    public static bool Recognise(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType { ItemType: KeyDataViewType { Count: KeyCount } key } || key.RawType != typeof(ushort)
            || column.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
        {
            return false;
        }

        var values = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetKeyValues(ref values);
        if ((ulong)values.Length != KeyCount)
        {
            return false;
        }

        for (var c = '!'; c <= '~'; c++)
        {
            if (!values.GetItemOrDefault(c - 1).Span.SequenceEqual([c]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The character at <paramref name="index"/>, moving <paramref name="index"/> past it: a surrogate
    /// pair is its code point, an unpaired surrogate is U+FFFD, any other key is its own code unit
    /// (0 for ML.NET's missing key, U+0000).
    /// </summary>
    public static int Next(ReadOnlySpan<ushort> keys, ref int index)
    {
        var unit = (char)keys[index++];
        if (!char.IsSurrogate(unit))
        {
            return unit;
        }

        if (char.IsHighSurrogate(unit) && index < keys.Length && char.IsLowSurrogate((char)keys[index]))
        {
            return char.ConvertToUtf32(unit, (char)keys[index++]);
        }

        return ReplacementCharacter;
    }

    /// <summary>How many characters (positions) <paramref name="keys"/> hold.</summary>
    public static int Count(ReadOnlySpan<ushort> keys)
    {
        var count = 0;
        for (var i = 0; i < keys.Length; count++)
        {
            Next(keys, ref i);
        }

        return count;
    }
}
