using MlNetPositional.Text;

namespace MlNetPositional.Bulk;

/// <summary>What <see cref="BulkEmbedder"/> embeds and where it writes.</summary>
public sealed record BulkEmbeddingOptions
{
    /// <summary>Rows per ONNX Runtime batch unless set.</summary>
    public const int DefaultBatchSize = 512;

    /// <summary>Rows per Parquet row group unless set: ~16 MB of floats at dim 64, so memory stays flat.</summary>
    public const int DefaultRowGroupSize = 65_536;

    /// <summary>An ONNX file exported by MlNetPositional whose metadata has a tokenizer record.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The text file.</summary>
    public required string InputPath { get; init; }

    /// <summary><c>tsv</c>, <c>csv</c> or <c>lines</c>; null: from the extension, as <c>train --data</c>.</summary>
    public string? Format { get; init; }

    /// <summary>The text column (TSV/CSV).</summary>
    public string? TextColumn { get; init; }

    /// <summary>A column copied to the output's <c>id</c> (TSV/CSV); null: rows are known by their <c>row</c> index only.</summary>
    public string? IdColumn { get; init; }

    /// <summary>The Parquet file to write (replaced atomically).</summary>
    public required string OutputPath { get; init; }

    /// <summary>How token vectors become the row's vector; <see cref="PositionalPooling.None"/> is not offered (one vector per row).</summary>
    public PositionalPooling Pooling { get; init; } = PositionalPooling.Mean;

    /// <summary>Rows scored per batch (within a batch, rows of similar length share ONNX Runtime calls).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Rows per Parquet row group: the most rows held in memory at once.</summary>
    public int RowGroupSize { get; init; } = DefaultRowGroupSize;

    /// <summary>The rows this process takes.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.Whole;

    /// <summary>ONNX Runtime threads per call; 0 chooses as ApplyPositionalEmbedding does. Give 1 when several processes share a machine.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Cut rows here (needed only to cut a rope/alibi model, which has no length limit; a position table is never exceeded).</summary>
    public int? MaxLength { get; init; }

    /// <summary>The input's format as resolved.</summary>
    /// <exception cref="InvalidBulkInputException">Unknown format name.</exception>
    public TextFileFormat ResolvedFormat()
    {
        try
        {
            return TextFile.ResolveFormat(Format, InputPath);
        }
        catch (FormatException e)
        {
            throw new InvalidBulkInputException($"format '{Format}'", e.Message, e);
        }
    }

    /// <summary>Checks the settings that need no file.</summary>
    /// <exception cref="InvalidBulkInputException">The first bad setting, named with its value.</exception>
    public void Validate()
    {
        if (Pooling == PositionalPooling.None)
        {
            throw new InvalidBulkInputException("pooling 'none'", "bulk embedding writes one vector per row: use mean, max or first.");
        }

        if (BatchSize < 1)
        {
            throw new InvalidBulkInputException($"batch size {BatchSize}", "give at least 1 row per batch.");
        }

        if (RowGroupSize < 1)
        {
            throw new InvalidBulkInputException($"row group size {RowGroupSize}", "give at least 1 row per row group.");
        }

        if (IntraOpThreads < 0)
        {
            throw new InvalidBulkInputException($"intra-op threads {IntraOpThreads}", "give 0 (choose) or a positive number.");
        }

        if (MaxLength is < 1)
        {
            throw new InvalidBulkInputException($"max length {MaxLength}", "give at least 1 token.");
        }

        if (Shard.Count < 1 || Shard.Index < 0 || Shard.Index >= Shard.Count)
        {
            throw new InvalidBulkInputException($"shard '{Shard}'", "the shard index must be in 0 .. count - 1.");
        }

        _ = ResolvedFormat();
    }
}
