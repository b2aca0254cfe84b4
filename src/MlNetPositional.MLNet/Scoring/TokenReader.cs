using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Onnx.Contract;
using MlNetPositional.Runtime;

namespace MlNetPositional.Scoring;

/// <summary>
/// Reads the token column of the current row as model ids, applying the over-length rule and checking
/// ids (through <see cref="SequenceCheck"/>): the one place where the transform checks a row, so the
/// batch it builds goes to ONNX Runtime unchecked. One per cursor (it reuses its buffers).
/// </summary>
internal sealed class TokenReader
{
    private readonly Func<long, long[]> _read;

    /// <param name="row">The row to read from.</param>
    /// <param name="column">The bound token column.</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <param name="maxLength">The model's max length.</param>
    /// <param name="overLength">What to do with longer rows.</param>
    /// <param name="tokenizer">How the model's training text was tokenised, when known: text tokens that break it are refused.</param>
    public TokenReader(DataViewRow row, TokenColumn column, Vocabulary vocabulary, int maxLength, PositionalOverLength overLength, string? tokenizer = null)
    {
        // A model trained on ML.NET-normalised (lower-cased) text has never seen an upper-case token:
        // feeding it raw text would silently map most words to [UNK].
        var lowerCaseOnly = tokenizer?.Contains("case=lower", StringComparison.Ordinal) == true;
        var schemaColumn = row.Schema[column.Name];
        _read = column.Kind switch
        {
            TokenInputKind.Text => Bind<ReadOnlyMemory<char>>(row, schemaColumn, lowerCaseOnly
                ? (t, r, p) => vocabulary.IdOf(CheckLowerCase(t, r, p, column.Name))
                : (t, _, _) => vocabulary.IdOf(t.Span)),
            TokenInputKind.Key => Bind<uint>(row, schemaColumn, (k, _, _) => k < column.KeyToId!.Length ? column.KeyToId[k] : vocabulary.UnknownId),
            TokenInputKind.Int32 => Bind<int>(row, schemaColumn, (id, r, t) => SequenceCheck.Id(id, vocabulary.Count, r, t)),
            _ => Bind<long>(row, schemaColumn, (id, r, t) => SequenceCheck.Id(id, vocabulary.Count, r, t)),
        };

        Func<long, long[]> Bind<T>(DataViewRow source, DataViewSchema.Column c, Func<T, long, int, long> toId)
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
                var t = 0;
                foreach (var value in buffer.DenseValues())
                {
                    if (t == ids.Length)
                    {
                        break;
                    }

                    ids[t] = toId(value, rowIndex, t);
                    t++;
                }

                return ids;
            };
        }
    }

    /// <summary>The ids of the current row (<paramref name="rowIndex"/> is used in error messages).</summary>
    public long[] Read(long rowIndex) => _read(rowIndex);

    private static ReadOnlySpan<char> CheckLowerCase(ReadOnlyMemory<char> token, long row, int position, string column)
    {
        foreach (var c in token.Span)
        {
            if (char.IsUpper(c))
            {
                throw new PositionalInputException(
                    $"Token '{token}' at row {row}, position {position} of column '{column}' is not lower case, but this model was trained on text normalised to lower case: add NormalizeText before TokenizeIntoWords.", row, position);
            }
        }

        return token.Span;
    }
}
