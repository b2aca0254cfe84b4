using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;
using MlNetPositional.Text;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Determinism;

namespace MlNetPositional.Training.InPipeline;

/// <summary>
/// The rows of an ML.NET data view as training rows: the token column (text tokens as they are, keys
/// as the text of their key values, ML.NET character keys as one token per character, Int32/Int64
/// ids as ids) and the label column (Boolean, key or
/// text; a missing label skips the row). Each read opens a cursor over just those columns; a row's id
/// (<c>GetIdGetter</c>) is its stable index, so the held-out split does not depend on the order. A
/// view that can shuffle is read in a seeded shuffled order each epoch, as ML.NET's trainers read it.
/// </summary>
internal sealed class DataViewTokenRows : ITokenRows
{
    private const int EpochSalt = 0x5E9_0C4B;

    private readonly IDataView _data;
    private readonly DataViewSchema.Column _tokens;
    private readonly TokenColumnKind _kind;
    private readonly DataViewSchema.Column? _label;
    private readonly int _seed;

    /// <summary>Checks both columns' types (before any row is read).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of a type that cannot be used; names it and the type found.</exception>
    public DataViewTokenRows(IDataView data, string tokenColumn, string? labelColumn, int seed)
    {
        (_data, _seed) = (data, seed);
        // The same checks and messages as ApplyPositionalEmbedding.
        _kind = TrainingTokenColumn.KindOf(data.Schema, tokenColumn);
        _tokens = data.Schema[tokenColumn];
        _label = labelColumn is null ? null : TrainingLabel.Check(data.Schema, labelColumn);

        Source = $"column '{tokenColumn}' of the training data";
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <summary>True when the view's own order is kept every epoch (it cannot shuffle, e.g. straight from a text file).</summary>
    public bool KeepsOrder => !_data.CanShuffle;

    /// <inheritdoc />
    public IEnumerable<CorpusRow> Rows() => Read(null);

    /// <inheritdoc />
    public IEnumerable<CorpusRow> TrainingOrder(long epoch) =>
        Read(_data.CanShuffle ? new Random(SeedStreams.Mix(_seed ^ EpochSalt, unchecked((int)epoch))) : null);

    private IEnumerable<CorpusRow> Read(Random? order)
    {
        using var cursor = _data.GetRowCursor(_label is { } l ? [_tokens, l] : [_tokens], order);
        var id = cursor.GetIdGetter();
        var readTokens = TokenReader(cursor);
        var readLabel = _label is { } label ? LabelReader(cursor, label) : () => null;
        var rowId = default(DataViewRowId);
        while (cursor.MoveNext())
        {
            id(ref rowId);
            var (tokens, ids) = readTokens(cursor.Position);
            yield return new CorpusRow(unchecked((long)(rowId.Low ^ rowId.High)), tokens, readLabel(), ids);
        }
    }

    private Func<long, (string[] Tokens, int[]? Ids)> TokenReader(DataViewRowCursor cursor) => _kind switch
    {
        TokenColumnKind.Text => Reader<ReadOnlyMemory<char>>(cursor, values => ([.. values.Select(v => v.ToString())], null)),
        TokenColumnKind.Int32 => Reader<int>(cursor, (values, row) => ([], Ids(values, row))),
        TokenColumnKind.Int64 => Reader<long>(cursor, (values, row) => ([], Ids(values, row))),
        TokenColumnKind.CharacterKeys => CharacterReader(cursor),
        _ => KeyReader(cursor),
    };

    /// <summary>ML.NET character keys: one token per character, a surrogate pair joined (the key-value text of every surrogate is the same).</summary>
    private Func<long, (string[] Tokens, int[]? Ids)> CharacterReader(DataViewRowCursor cursor)
    {
        var names = CharacterTokenNames.Of(_tokens);
        var getter = cursor.GetGetter<VBuffer<ushort>>(_tokens);
        var buffer = default(VBuffer<ushort>);
        return _ =>
        {
            getter(ref buffer);
            return (names.Names(buffer.IsDense ? buffer.GetValues() : buffer.DenseValues().ToArray()), null);
        };
    }

    private Func<long, (string[] Tokens, int[]? Ids)> KeyReader(DataViewRowCursor cursor)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        _tokens.GetKeyValues(ref names);
        var text = names.DenseValues().Select(n => n.ToString()).ToArray();
        string Name(ulong key) => key >= 1 && key <= (ulong)text.Length ? text[key - 1] : Vocabulary.UnknownToken;
        return ((KeyDataViewType)((VectorDataViewType)_tokens.Type).ItemType).RawType switch
        {
            var t when t == typeof(byte) => Reader<byte>(cursor, values => ([.. values.Select(k => Name(k))], null)),
            var t when t == typeof(ushort) => Reader<ushort>(cursor, values => ([.. values.Select(k => Name(k))], null)),
            var t when t == typeof(ulong) => Reader<ulong>(cursor, values => ([.. values.Select(Name)], null)),
            _ => Reader<uint>(cursor, values => ([.. values.Select(k => Name(k))], null)),
        };
    }

    private Func<long, (string[], int[]?)> Reader<T>(DataViewRowCursor cursor, Func<IEnumerable<T>, (string[], int[]?)> convert) =>
        Reader<T>(cursor, (values, _) => convert(values));

    private Func<long, (string[], int[]?)> Reader<T>(DataViewRowCursor cursor, Func<IEnumerable<T>, long, (string[], int[]?)> convert)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(_tokens);
        var buffer = default(VBuffer<T>);
        return row =>
        {
            getter(ref buffer);
            return convert(buffer.DenseValues(), row);
        };
    }

    private int[] Ids<T>(IEnumerable<T> values, long row)
        where T : IBinaryInteger<T>
    {
        var ids = values.Select(v => long.CreateSaturating(v)).ToArray();
        var bad = Array.FindIndex(ids, id => id < 0 || id > int.MaxValue);
        return bad < 0
            ? [.. ids.Select(id => (int)id)]
            : throw new InvalidCorpusException(Source, $"row {row}, position {bad}: token id {ids[bad]} is not a valid id (ids are 0 or more, below the vocabulary size).");
    }

    private static Func<string?> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        switch (label.Type)
        {
            case BooleanDataViewType:
                var flag = cursor.GetGetter<bool>(label);
                return () =>
                {
                    var value = false;
                    flag(ref value);
                    return value ? "True" : "False";
                };
            case TextDataViewType:
                var text = cursor.GetGetter<ReadOnlyMemory<char>>(label);
                return () =>
                {
                    var value = default(ReadOnlyMemory<char>);
                    text(ref value);
                    // ML.NET treats empty text as a missing value (MapValueToKey gives it the missing key).
                    return value.Span.IsWhiteSpace() ? null : value.ToString();
                };
            default:
                return KeyLabelReader(cursor, label);
        }
    }

    /// <summary>Keys by the text of their values when annotated, else by their number; key 0 is missing.</summary>
    private static Func<string?> KeyLabelReader(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        string[]? names = null;
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not null)
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            label.GetKeyValues(ref values);
            names = [.. values.DenseValues().Select(v => v.ToString())];
        }

        var key = ((KeyDataViewType)label.Type).RawType;
        Func<ulong> read = key == typeof(byte) ? Widen<byte>(cursor, label)
            : key == typeof(ushort) ? Widen<ushort>(cursor, label)
            : key == typeof(ulong) ? Widen<ulong>(cursor, label)
            : Widen<uint>(cursor, label);
        return () =>
        {
            var k = read();
            return k == 0 ? null : names is not null && k <= (ulong)names.Length ? names[k - 1] : k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        };
    }

    private static Func<ulong> Widen<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
        where T : IBinaryInteger<T>
    {
        var getter = cursor.GetGetter<T>(column);
        return () =>
        {
            var value = T.Zero;
            getter(ref value);
            return ulong.CreateTruncating(value);
        };
    }
}
