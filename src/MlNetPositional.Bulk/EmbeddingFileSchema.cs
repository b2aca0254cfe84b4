namespace MlNetPositional.Bulk;

/// <summary>
/// The Parquet file <see cref="BulkEmbedder"/> writes, by name, for code that reads it. One row per
/// input row of the shard, in file order: <see cref="Row"/> (int64, the row's 0-based index in the input
/// file, so shards merge back into file order), <see cref="Id"/> (string, only with an id column),
/// <see cref="Embedding"/> (a list of <c>dim</c> float32 in every row: Parquet has no fixed-size list,
/// so the width is in the file's metadata), <see cref="TokenCount"/> (int32, tokens the text has) and
/// <see cref="Truncated"/> (bool, true when only the first max-length tokens were embedded). A row
/// with no tokens gets a zero vector, as in ApplyPositionalEmbedding.
/// </summary>
public static class EmbeddingFileSchema
{
    /// <summary>The row's 0-based index in the input file.</summary>
    public const string Row = "row";

    /// <summary>The id column's text.</summary>
    public const string Id = "id";

    /// <summary>The pooled vector.</summary>
    public const string Embedding = "embedding";

    /// <summary>Tokens the row's text has (before truncation).</summary>
    public const string TokenCount = "token_count";

    /// <summary>True when the text had more tokens than the model takes.</summary>
    public const string Truncated = "truncated";

    /// <summary>Key-value metadata of the file (strings).</summary>
    public static class Keys
    {
        /// <summary>Embedding width.</summary>
        public const string Dim = "mlnet_positional.dim";

        /// <summary>mean, max or first.</summary>
        public const string Pooling = "mlnet_positional.pooling";

        /// <summary>The shard, <c>i/N</c>.</summary>
        public const string Shard = "mlnet_positional.shard";

        /// <summary>The model file's name.</summary>
        public const string Model = "mlnet_positional.model";

        /// <summary>SHA-256 of the model file (hex), so shards made with different models can be told apart.</summary>
        public const string ModelSha256 = "mlnet_positional.model_sha256";

        /// <summary>The tokenizer the text was split with.</summary>
        public const string Tokenizer = "mlnet_positional.tokenizer";

        /// <summary>The longest sequence embedded (empty: no limit).</summary>
        public const string MaxLength = "mlnet_positional.max_length";
    }
}
