using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Text;

/// <summary>
/// Reads a row's tokens as strings, for each kind of tokenizer: ML.NET word tokens as they are,
/// ML.NET character keys as one token per character (as ApplyPositionalEmbedding reads the same keys,
/// see <see cref="CharacterTokenNames"/>: ML.NET's key-value text, e.g. &lt;␂&gt;, a surrogate pair as
/// its character), subwords made here from the row's text. Text files and <see cref="TextTokenizer.Tokenize(IEnumerable{string})"/> read through it.
/// </summary>
internal static class TokenStrings
{
    /// <summary>A reader of <paramref name="column"/> on <paramref name="cursor"/>: the token column <see cref="TextTokenizer.MlNetTokens"/> made, or the text itself for a subword tokenizer.</summary>
    public static Func<string[]> Reader(DataViewRowCursor cursor, DataViewSchema.Column column, TextTokenizer tokenizer) => tokenizer.Name switch
    {
        TextTokenizer.MlNetWords => Words(cursor, column),
        TextTokenizer.Characters => CharacterKeys(cursor, column),
        _ => Subwords(cursor, column, tokenizer),
    };

    /// <summary>A reader of a scalar text column.</summary>
    public static Func<string> Text(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        var value = default(ReadOnlyMemory<char>);
        return () =>
        {
            getter(ref value);
            return value.ToString();
        };
    }

    private static Func<string[]> Words(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
        var tokens = default(VBuffer<ReadOnlyMemory<char>>);
        return () =>
        {
            getter(ref tokens);
            return [.. tokens.DenseValues().Select(t => t.ToString())];
        };
    }

    private static Func<string[]> CharacterKeys(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var names = CharacterTokenNames.Of(column);
        var getter = cursor.GetGetter<VBuffer<ushort>>(column);
        var keys = default(VBuffer<ushort>);
        return () =>
        {
            getter(ref keys);
            return names.Names(keys.IsDense ? keys.GetValues() : keys.DenseValues().ToArray());
        };
    }

    private static Func<string[]> Subwords(DataViewRowCursor cursor, DataViewSchema.Column column, TextTokenizer tokenizer)
    {
        var read = Text(cursor, column);
        return () => tokenizer.Tokenize(read());
    }
}
