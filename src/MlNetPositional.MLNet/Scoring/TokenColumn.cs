using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;

namespace MlNetPositional.Scoring;

/// <summary>
/// The input column as the transform sees it: its kind, its fixed size if any, and how its values
/// become model token ids (for keys, a table built from the column's key-value annotations, so keys
/// are matched to the model's vocabulary by their text, never by raw index; for ML.NET's character
/// keys, that table and the characters outside the Basic Multilingual Plane, read from key pairs).
/// </summary>
internal sealed class TokenColumn
{
    private TokenColumn(string name, TokenColumnKind kind, int? fixedLength, long[]? keyToId, Type? keyRawType = null, CharacterIds? characters = null)
    {
        (Name, Kind, FixedLength, KeyToId, KeyRawType, Characters) = (name, kind, fixedLength, keyToId, keyRawType, characters);
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

    /// <summary>For ML.NET character keys: model ids of characters, surrogate pairs joined (see <see cref="Text.CharacterKeys"/>).</summary>
    public CharacterIds? Characters { get; }

    /// <summary>Checks the column's type and prepares the id mapping.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing column or unsupported type; names the column and the type found.</exception>
    public static TokenColumn Bind(DataViewSchema schema, string name, Vocabulary vocabulary)
    {
        var (column, kind) = Find(schema, name);
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

    private static (DataViewSchema.Column Column, TokenColumnKind Kind) Find(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' not found in the data.");
        if (column.Type is not VectorDataViewType vector)
        {
            throw Mismatch(name, column.Type);
        }

        var kind = vector.ItemType switch
        {
            TextDataViewType => TokenColumnKind.Text,
            KeyDataViewType when Text.CharacterKeys.Recognise(column) => TokenColumnKind.CharacterKeys,
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
            throw Mismatch(name, found);
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
        new("inputSchema", $"Schema mismatch for input column '{name}': expected a vector of text tokens, keys, Int32 or Int64 token ids; found {found}.");

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
