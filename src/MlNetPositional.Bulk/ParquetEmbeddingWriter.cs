using Parquet;
using Parquet.Schema;

namespace MlNetPositional.Bulk;

/// <summary>
/// Writes rows in the <see cref="EmbeddingFileSchema"/> layout, one Parquet row group per
/// <c>rowGroupSize</c> rows: the rows of a group are the only ones held in memory.
/// </summary>
internal sealed class ParquetEmbeddingWriter : IAsyncDisposable
{
    // A list column's levels: every row's list holds exactly dim present values (definition level 2),
    // the first of each row starts a new list (repetition level 0).
    private const int PresentValue = 2;

    private readonly ParquetWriter _writer;
    private readonly int _dim;
    private readonly Fields _fields;
    private readonly long[] _rows;
    private readonly string[]? _ids;
    private readonly float[] _values;
    private readonly int[] _tokenCounts;
    private readonly bool[] _truncatedFlags;
    private readonly int[] _repetitionLevels;
    private readonly int[] _definitionLevels;
    private int _count;

    private ParquetEmbeddingWriter(ParquetWriter writer, Fields fields, int dim, bool hasId, int rowGroupSize)
    {
        (_writer, _fields, _dim) = (writer, fields, dim);
        _rows = new long[rowGroupSize];
        _ids = hasId ? new string[rowGroupSize] : null;
        _values = new float[rowGroupSize * dim];
        _tokenCounts = new int[rowGroupSize];
        _truncatedFlags = new bool[rowGroupSize];
        _repetitionLevels = new int[_values.Length];
        for (var i = 0; i < _repetitionLevels.Length; i++)
        {
            _repetitionLevels[i] = i % dim == 0 ? 0 : 1;
        }

        _definitionLevels = new int[_values.Length];
        Array.Fill(_definitionLevels, PresentValue);
    }

    /// <summary>Rows written so far (flushed or not).</summary>
    public long Rows { get; private set; }

    /// <summary>Starts a file on <paramref name="stream"/> with the file-level <paramref name="metadata"/>.</summary>
    public static async Task<ParquetEmbeddingWriter> CreateAsync(Stream stream, int dim, bool hasId, int rowGroupSize, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var writer = await ParquetWriter.CreateAsync(fields.Schema(hasId), stream, cancellationToken: cancellationToken);
        writer.CustomMetadata = metadata;
        return new ParquetEmbeddingWriter(writer, fields, dim, hasId, rowGroupSize);
    }

    /// <summary>Buffers one row; writes the row group when it is full.</summary>
    public async ValueTask AddAsync(long row, string? id, ReadOnlyMemory<float> embedding, int tokenCount, bool truncated, CancellationToken cancellationToken)
    {
        _rows[_count] = row;
        if (_ids is not null)
        {
            _ids[_count] = id ?? "";
        }

        embedding.Span.CopyTo(_values.AsSpan(_count * _dim, _dim));
        _tokenCounts[_count] = tokenCount;
        _truncatedFlags[_count] = truncated;
        _count++;
        Rows++;
        if (_count == _rows.Length)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes the buffered rows as a row group (none: nothing).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        var (rows, values, f) = (_count, _count * _dim, _fields);
        using (var group = _writer.CreateRowGroup())
        {
            await group.WriteAsync<long>(f.Row, _rows.AsMemory(0, rows), cancellationToken: cancellationToken);
            if (_ids is not null)
            {
                await group.WriteAsync(f.Id, new ArraySegment<string>(_ids, 0, rows));
            }

            await group.WriteAllPartsAsync<float>(f.Element, _values.AsMemory(0, values), _definitionLevels.AsMemory(0, values), _repetitionLevels.AsMemory(0, values), cancellationToken);
            await group.WriteAsync<int>(f.TokenCount, _tokenCounts.AsMemory(0, rows), cancellationToken: cancellationToken);
            await group.WriteAsync<bool>(f.Truncated, _truncatedFlags.AsMemory(0, rows), cancellationToken: cancellationToken);
        }

        _count = 0;
    }

    /// <summary>Writes what is buffered and the footer.</summary>
    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        await _writer.DisposeAsync();
    }

    /// <summary>The columns; the schema and every row group's writes use these same instances.</summary>
    private sealed class Fields
    {
        public DataField<long> Row { get; } = new(EmbeddingFileSchema.Row);

        public DataField<string> Id { get; } = new(EmbeddingFileSchema.Id, false);

        public DataField<float> Element { get; } = new("element");

        public DataField<int> TokenCount { get; } = new(EmbeddingFileSchema.TokenCount);

        public DataField<bool> Truncated { get; } = new(EmbeddingFileSchema.Truncated);

        public ParquetSchema Schema(bool hasId) => hasId
            ? new ParquetSchema(Row, Id, new ListField(EmbeddingFileSchema.Embedding, Element), TokenCount, Truncated)
            : new ParquetSchema(Row, new ListField(EmbeddingFileSchema.Embedding, Element), TokenCount, Truncated);
    }
}
