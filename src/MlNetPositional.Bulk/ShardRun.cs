using System.Diagnostics;
using MlNetPositional.Inference;
using MlNetPositional.Text;

namespace MlNetPositional.Bulk;

/// <summary>The loop of one bulk run: rows of the shard -> ids -> batches -> Parquet rows, with the counts it reports.</summary>
internal sealed class ShardRun(PositionalEmbeddingModel model, ScoringOptions scoring, int limit, BulkEmbeddingOptions options, IProgress<BulkEmbeddingProgress>? progress, Stopwatch clock)
{
    private readonly List<long[]> _ids = new(options.BatchSize);
    private readonly List<TextFileRow> _rows = new(options.BatchSize);
    private readonly float[][] _outputs = [.. Enumerable.Range(0, options.BatchSize).Select(_ => new float[model.OutputSize(scoring)])];

    public long Read { get; private set; }

    public long Written { get; private set; }

    public long Truncated { get; private set; }

    public long Empty { get; private set; }

    public async Task WriteAsync(TextFile file, ParquetEmbeddingWriter writer, CancellationToken cancellationToken)
    {
        var vocabulary = model.Metadata.Vocabulary;
        var shard = options.Shard;
        foreach (var row in file.Rows(index =>
        {
            Read = index + 1;
            return shard.Contains(index);
        }))
        {
            var kept = file.Tokenizer.Truncate(row.Tokens, limit);   // WordPiece keeps [SEP] last
            var ids = new long[kept.Length];
            for (var t = 0; t < ids.Length; t++)
            {
                ids[t] = vocabulary.IdOf(kept[t]);
            }

            _ids.Add(ids);
            _rows.Add(row);
            if (_ids.Count == options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await FlushAsync(writer, cancellationToken);
            }
        }

        await FlushAsync(writer, cancellationToken);
    }

    private async Task FlushAsync(ParquetEmbeddingWriter writer, CancellationToken cancellationToken)
    {
        if (_ids.Count == 0)
        {
            return;
        }

        model.EmbedPooled(_ids, new ArraySegment<float[]>(_outputs, 0, _ids.Count), scoring);
        for (var i = 0; i < _rows.Count; i++)
        {
            var (row, tokens) = (_rows[i], _rows[i].Tokens.Length);
            var truncated = tokens > limit;
            Truncated += truncated ? 1 : 0;
            Empty += tokens == 0 ? 1 : 0;
            await writer.AddAsync(row.Index, row.Id, _outputs[i], tokens, truncated, cancellationToken);
        }

        Written += _rows.Count;
        _ids.Clear();
        _rows.Clear();
        progress?.Report(new BulkEmbeddingProgress(Read, Written, clock.Elapsed));
    }
}
