namespace MlNetPositional.Bulk;

/// <summary>What a finished bulk run wrote.</summary>
/// <param name="OutputPath">The Parquet file.</param>
/// <param name="Rows">Rows written (this shard's).</param>
/// <param name="RowsRead">Rows of the input read.</param>
/// <param name="Truncated">Rows cut at the length limit.</param>
/// <param name="Empty">Rows without tokens (zero vectors).</param>
/// <param name="Dim">Embedding width.</param>
/// <param name="Elapsed">Wall time, model load to rename.</param>
public sealed record BulkEmbeddingSummary(string OutputPath, long Rows, long RowsRead, long Truncated, long Empty, int Dim, TimeSpan Elapsed)
{
    /// <summary>Rows written per second.</summary>
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
