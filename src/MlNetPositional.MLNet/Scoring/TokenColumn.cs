using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;

namespace MlNetPositional.Scoring;

/// <summary>
/// The input column as the transform sees it: its kind, its fixed size if any, and how its values
/// become model token ids (for keys, a table built from the column's key-value annotations, so keys
/// are matched to the model's vocabulary by their text, never by raw index; for ML.NET's character
/// keys, that table and the characters outside the Basic Multilingual Plane, read from key pairs; for
/// raw text, the model's tokenizer, and for ML.NET's tokenizers the token column its chain makes).
/// </summary>
internal sealed class TokenColumn
{
    private TokenColumn(string name, TokenColumnKind kind, int? fixedLength, long[]? keyToId, Type? keyRawType = null, CharacterIds? characters = null, TextTokens? text = null, TokenColumn? tokens = null)
    {
        (Name, Kind, FixedLength, KeyToId, KeyRawType, Characters, Text, Tokens) = (name, kind, fixedLength, keyToId, keyRawType, characters, text, tokens);
    }

    public string Name { get; }

    public TokenColumnKind Kind { get; }

    public int? FixedLength { get; }

    /// <summary>For keys: model id of each key (index 0 is the missing key, mapped to [UNK]).</summary>
    public long[]? KeyToId { get; }

    /// <summary>
    /// For keys: how the key is stored (byte, ushort, uint or ulong). Most ML.NET key columns are
    /// uint; <c>TokenizeIntoCharactersAsKeys</c> makes ushort keys.
    /// </summary>
    public Type? KeyRawType { get; }

    /// <summary>For ML.NET character keys: model ids of characters, surrogate pairs joined (see <see cref="MlNetPositional.Text.CharacterKeys"/>).</summary>
    public CharacterIds? Characters { get; }

    /// <summary>For raw text: the model's tokenizer (and for ML.NET's tokenizers its fitted chain).</summary>
    public TextTokens? Text { get; }

    /// <summary>
    /// For raw text split by ML.NET's tokenizers: the token column the chain makes (text tokens or
    /// character keys), bound on the chain's output; the token reader reads it (see <see cref="OpenCursor"/>).
    /// </summary>
    public TokenColumn? Tokens { get; }

    /// <summary>Checks the column's type and prepares the id mapping.</summary>
    /// <param name="schema">The input schema.</param>
    /// <param name="name">The token column.</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <param name="rawText">How the model splits raw text, asked for only when the column is raw text (it throws when the model cannot).</param>
    /// <exception cref="ArgumentOutOfRangeException">Missing column or unsupported type; names the column and the type found. Raw text given to a model without a tokenizer record.</exception>
    public static TokenColumn Bind(DataViewSchema schema, string name, Vocabulary vocabulary, Func<TextTokens> rawText)
    {
        var (column, kind) = Find(schema, name);
        if (kind == TokenColumnKind.RawText)
        {
            return RawTextColumn(schema, name, vocabulary, rawText());
        }

        var vector = (VectorDataViewType)column.Type;
        int? size = vector.IsKnownSize ? vector.Size : null;
        return kind switch
        {
            TokenColumnKind.CharacterKeys => CharacterColumn(column, size, (KeyDataViewType)vector.ItemType, vocabulary),
            TokenColumnKind.Key => new TokenColumn(name, kind, size, KeyTable(column, (KeyDataViewType)vector.ItemType, vocabulary), vector.ItemType.RawType),
            _ => new TokenColumn(name, kind, size, null),
        };
    }

    /// <summary>The kind of the token column <paramref name="name"/>, with every check <see cref="Bind"/> makes; needs no vocabulary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing column, unsupported type, or keys without key values; names the column and the type found.</exception>
    public static TokenColumnKind KindOf(DataViewSchema schema, string name) => Find(schema, name).Kind;

    /// <summary>
    /// A cursor over the values the token reader reads, in the order <paramref name="rand"/> gives
    /// <paramref name="input"/>'s rows: this column's, or for raw text split by ML.NET, the tokens its
    /// chain makes of them (row ids and order are the input's).
    /// </summary>
    public DataViewRowCursor OpenCursor(IDataView input, Random? rand)
    {
        var view = Tokens is null ? input : Text!.Chain!.Transform(input);
        return view.GetRowCursor([view.Schema[(Tokens ?? this).Name]], rand);
    }

    /// <summary>The row the token reader reads for <paramref name="input"/> (one-row scoring): the row itself, or the chain's tokens of it.</summary>
    public DataViewRow RowOf(DataViewRow input)
    {
        if (Tokens is null)
        {
            return input;
        }

        var mapper = Text!.Chain!.GetRowToRowMapper(input.Schema);
        return mapper.GetRow(input, [mapper.OutputSchema[Tokens.Name]]);
    }

    private static (DataViewSchema.Column Column, TokenColumnKind Kind) Find(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' not found in the data.");
        if (column.Type is TextDataViewType)
        {
            return (column, TokenColumnKind.RawText);
        }

        if (column.Type is not VectorDataViewType vector)
        {
            throw Mismatch(name, column.Type);
        }

        var kind = vector.ItemType switch
        {
            TextDataViewType => TokenColumnKind.Text,
            KeyDataViewType when MlNetPositional.Text.CharacterKeys.Recognise(column) => TokenColumnKind.CharacterKeys,
            KeyDataViewType => TokenColumnKind.Key,
            NumberDataViewType n when n.RawType == typeof(int) => TokenColumnKind.Int32,
            NumberDataViewType n when n.RawType == typeof(long) => TokenColumnKind.Int64,
            _ => throw Mismatch(name, column.Type),
        };
        if (kind == TokenColumnKind.Key && column.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
        {
            throw new ArgumentOutOfRangeException("inputSchema",
                $"Key column '{column.Name}' has no key-value annotations, so its keys cannot be matched to the model's vocabulary; map text with MapValueToKey, or pass token ids.");
        }

        return (column, kind);
    }

    /// <summary>The same checks on a <see cref="SchemaShape"/> (no sizes or key values are known there).</summary>
    public static TokenColumnKind KindOf(SchemaShape schema, string name)
    {
        var column = schema.FirstOrDefault(c => c.Name == name);
        if (column.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' not found in the data.");
        }

        var found = column.Kind == SchemaShape.Column.VectorKind.Scalar ? $"{column.ItemType}" : $"Vector<{column.ItemType}>";
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar)
        {
            return column.ItemType is TextDataViewType && !column.IsKey ? TokenColumnKind.RawText : throw Mismatch(name, found);
        }

        return column.ItemType switch
        {
            TextDataViewType => TokenColumnKind.Text,
            _ when column.IsKey => TokenColumnKind.Key,
            NumberDataViewType n when n.RawType == typeof(int) => TokenColumnKind.Int32,
            NumberDataViewType n when n.RawType == typeof(long) => TokenColumnKind.Int64,
            _ => throw Mismatch(name, found),
        };
    }

    private static ArgumentOutOfRangeException Mismatch(string name, DataViewType found) => Mismatch(name, found.ToString() ?? "?");

    private static ArgumentOutOfRangeException Mismatch(string name, string found) =>
        new("inputSchema", $"Schema mismatch for input column '{name}': expected raw text (a scalar Text column) or a vector of text tokens, keys, Int32 or Int64 token ids; found {found}.");

    /// <summary>
    /// Raw text: subwords are made by the token reader from the text; ML.NET's tokens are made by the
    /// model's chain, whose token column is bound here on the chain's output, as any token column is.
    /// </summary>
    private static TokenColumn RawTextColumn(DataViewSchema schema, string name, Vocabulary vocabulary, TextTokens text)
    {
        var tokens = text.Chain is { } chain
            ? Bind(chain.GetOutputSchema(schema), TextTokens.TokenColumnName, vocabulary, () => text)
            : null;
        return new TokenColumn(name, TokenColumnKind.RawText, null, null, text: text, tokens: tokens);
    }

    /// <summary>
    /// Character keys are never matched to the vocabulary key by key alone: ML.NET gives every
    /// surrogate the same key-value text, so each pair is joined into one character first.
    /// </summary>
    private static TokenColumn CharacterColumn(DataViewSchema.Column column, int? size, KeyDataViewType key, Vocabulary vocabulary)
    {
        var table = KeyTable(column, key, vocabulary);
        return new TokenColumn(column.Name, TokenColumnKind.CharacterKeys, size, table, key.RawType, new CharacterIds(table, vocabulary));
    }

    /// <summary>The model id of each key, matched by its key-value text (the column has key values: <see cref="Find"/> checked).</summary>
    private static long[] KeyTable(DataViewSchema.Column column, KeyDataViewType key, Vocabulary vocabulary)
    {
        var values = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetKeyValues(ref values);
        var table = new long[checked((int)key.Count) + 1];
        table[0] = vocabulary.UnknownId;
        var k = 1;
        foreach (var text in values.DenseValues())
        {
            if (k < table.Length)
            {
                table[k++] = vocabulary.IdOf(text.Span);
            }
        }

        for (; k < table.Length; k++)
        {
            table[k] = vocabulary.UnknownId;
        }

        return table;
    }
}
