using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract;
using MlNetPositional.Inference;
using MlNetPositional.Text;

namespace MlNetPositional.Scoring;

/// <summary>
/// Reads the token column of the current row as model ids, applying the over-length rule and checking
/// ids (through <see cref="SequenceCheck"/>): the one place where the transform checks a row, so the
/// batch it builds goes to ONNX Runtime unchecked. One per cursor (it reuses its buffers).
/// </summary>
internal sealed class TokenReader
{
    private readonly Func<long, long[]> _read;

    /// <param name="row">The row to read from: from <see cref="TokenColumn.OpenCursor"/> or <see cref="TokenColumn.RowOf"/>.</param>
    /// <param name="column">The bound token column (errors name it; for raw text split by ML.NET, its chain's tokens are read).</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <param name="maxLength">The model's max length.</param>
    /// <param name="overLength">What to do with longer rows.</param>
    /// <param name="tokenizer">How the model's training text was tokenised, when known: text tokens that break it are refused.</param>
    public TokenReader(DataViewRow row, TokenColumn column, Vocabulary vocabulary, int maxLength, PositionalOverLength overLength, TokenizerRecord? tokenizer = null)
    {
        // A model trained on ML.NET-normalised (lower-cased) text has never seen an upper-case token:
        // feeding it raw text would silently map most words to [UNK].
        var lowerCaseOnly = tokenizer?.LowerCase == true;
        var source = column.Tokens ?? column;
        var schemaColumn = row.Schema[source.Name];
        var vocabularySize = vocabulary.Count;
        // A character model reads a text token as one character; ML.NET's key-value text of a surrogate
        // or half of a split pair would silently be [UNK] (see CharacterTokenCheck).
        var wholeCharactersOnly = tokenizer?.Name == TextTokenizer.Characters;
        _read = source.Kind switch
        {
            TokenColumnKind.RawText => BindText(row, schemaColumn, column.Text!.Tokenizer),
            TokenColumnKind.Text when wholeCharactersOnly => Bind<ReadOnlyMemory<char>>(row, schemaColumn, (values, ids, r) =>
            {
                for (var t = 0; t < ids.Length; t++)
                {
                    ids[t] = vocabulary.IdOf(CharacterTokenCheck.Whole(values[t], r, t, column.Name));
                }
            }),
            TokenColumnKind.Text => Bind<ReadOnlyMemory<char>>(row, schemaColumn, lowerCaseOnly
                ? (values, ids, r) =>
                {
                    for (var t = 0; t < ids.Length; t++)
                    {
                        ids[t] = vocabulary.IdOf(CheckLowerCase(values[t], r, t, column.Name));
                    }
                }
                : (values, ids, _) =>
                {
                    for (var t = 0; t < ids.Length; t++)
                    {
                        ids[t] = vocabulary.IdOf(values[t].Span);
                    }
                }),
            TokenColumnKind.CharacterKeys => BindCharacters(row, schemaColumn, source.Characters!),
            TokenColumnKind.Key => source.KeyRawType switch
            {
                var t when t == typeof(byte) => Bind<byte>(row, schemaColumn, KeysToIds<byte>(source.KeyToId!, vocabulary.UnknownId)),
                var t when t == typeof(ushort) => Bind<ushort>(row, schemaColumn, KeysToIds<ushort>(source.KeyToId!, vocabulary.UnknownId)),
                var t when t == typeof(ulong) => Bind<ulong>(row, schemaColumn, KeysToIds<ulong>(source.KeyToId!, vocabulary.UnknownId)),
                _ => Bind<uint>(row, schemaColumn, KeysToIds<uint>(source.KeyToId!, vocabulary.UnknownId)),
            },
            TokenColumnKind.Int32 => Bind<int>(row, schemaColumn, (values, ids, r) =>
            {
                for (var t = 0; t < ids.Length; t++)
                {
                    ids[t] = SequenceCheck.Id(values[t], vocabularySize, r, t);
                }
            }),
            _ => Bind<long>(row, schemaColumn, (values, ids, r) =>
            {
                for (var t = 0; t < ids.Length; t++)
                {
                    ids[t] = SequenceCheck.Id(values[t], vocabularySize, r, t);
                }
            }),
        };

        // One delegate call per row, a tight loop over the row's values: this runs for every row.
        Func<long, long[]> Bind<T>(DataViewRow source, DataViewSchema.Column c, ToIds<T> toIds)
        {
            var getter = source.GetGetter<VBuffer<T>>(c);
            var buffer = default(VBuffer<T>);
            return rowIndex =>
            {
                getter(ref buffer);
                var length = buffer.Length;
                if (overLength == PositionalOverLength.Error)
                {
                    SequenceCheck.Length(length, maxLength, rowIndex, column.Name);
                }

                var ids = new long[Math.Min(length, maxLength)];
                var values = buffer.IsDense ? buffer.GetValues() : buffer.DenseValues().Take(ids.Length).ToArray();
                toIds(values[..ids.Length], ids, rowIndex);
                return ids;
            };
        }

        // Raw text split into subwords here: the length rule counts the tokenizer's tokens, and truncation
        // is the tokenizer's own (WordPiece keeps its closing [SEP]).
        Func<long, long[]> BindText(DataViewRow source, DataViewSchema.Column c, TextTokenizer tokenizer)
        {
            var getter = source.GetGetter<ReadOnlyMemory<char>>(c);
            var text = default(ReadOnlyMemory<char>);
            return rowIndex =>
            {
                getter(ref text);
                var tokens = tokenizer.Tokenize(text.ToString());
                if (overLength == PositionalOverLength.Error)
                {
                    SequenceCheck.Length(tokens.Length, maxLength, rowIndex, column.Name);
                }

                tokens = tokenizer.Truncate(tokens, maxLength);
                var ids = new long[tokens.Length];
                for (var t = 0; t < ids.Length; t++)
                {
                    ids[t] = vocabulary.IdOf(tokens[t]);
                }

                return ids;
            };
        }

        // Character keys: a surrogate pair is one character, and the length rule counts characters
        // (positions), not the UTF-16 units ML.NET gives.
        Func<long, long[]> BindCharacters(DataViewRow source, DataViewSchema.Column c, CharacterIds characters)
        {
            var getter = source.GetGetter<VBuffer<ushort>>(c);
            var buffer = default(VBuffer<ushort>);
            return rowIndex =>
            {
                getter(ref buffer);
                var keys = buffer.IsDense ? buffer.GetValues() : buffer.DenseValues().ToArray();
                var length = CharacterKeys.Count(keys);
                if (overLength == PositionalOverLength.Error)
                {
                    SequenceCheck.Length(length, maxLength, rowIndex, column.Name);
                }

                var ids = new long[Math.Min(length, maxLength)];
                for (int i = 0, t = 0; t < ids.Length; t++)
                {
                    ids[t] = characters.IdOf(CharacterKeys.Next(keys, ref i));
                }

                return ids;
            };
        }
    }

    private delegate void ToIds<T>(ReadOnlySpan<T> values, Span<long> ids, long row);

    /// <summary>Keys of any stored width through the column's key-to-id table (a key past the table is [UNK]).</summary>
    private static ToIds<T> KeysToIds<T>(long[] table, long unknownId)
        where T : unmanaged, System.Numerics.IBinaryInteger<T> =>
        (values, ids, _) =>
        {
            for (var t = 0; t < ids.Length; t++)
            {
                var key = ulong.CreateTruncating(values[t]);
                ids[t] = key < (ulong)table.Length ? table[key] : unknownId;
            }
        };

    /// <summary>The ids of the current row (<paramref name="rowIndex"/> is used in error messages).</summary>
    public long[] Read(long rowIndex) => _read(rowIndex);

    /// <summary>
    /// Refuses a token that NormalizeText would have changed: ML.NET lower-cases each UTF-16 unit with
    /// the invariant culture's simple mapping, so a letter is "not lower case" exactly when that mapping
    /// changes it. This follows NormalizeText rather than <see cref="char.IsUpper(char)"/>: upper-case
    /// letters without a lower-case form (ℝ, ℕ, ϒ) pass NormalizeText unchanged and are valid tokens,
    /// while title-case letters (ǅ, ᾈ) are not upper case yet NormalizeText changes them.
    /// </summary>
    private static ReadOnlySpan<char> CheckLowerCase(ReadOnlyMemory<char> token, long row, int position, string column)
    {
        foreach (var c in token.Span)
        {
            if (char.ToLowerInvariant(c) != c)
            {
                throw new PositionalInputException(
                    $"Token '{token}' at row {row}, position {position} of column '{column}' is not lower case ('{c}' lower-cases to '{char.ToLowerInvariant(c)}'), but this model was trained on text normalised to lower case: add NormalizeText before TokenizeIntoWords.", row, position);
            }
        }

        return token.Span;
    }
}
