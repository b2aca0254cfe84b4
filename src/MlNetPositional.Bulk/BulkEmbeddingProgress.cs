namespace MlNetPositional.Bulk;

/// <summary>Where a bulk run is, reported after each batch.</summary>
/// <param name="RowsRead">Rows of the input read so far (all shards' rows: the shard's are picked from them).</param>
/// <param name="RowsWritten">Rows of this shard embedded so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record BulkEmbeddingProgress(long RowsRead, long RowsWritten, TimeSpan Elapsed);
