namespace MlNetPositional;

/// <summary>Settings of <see cref="PositionalEmbeddingEstimator"/>.</summary>
public sealed class PositionalEmbeddingOptions
{
    /// <summary>The column to create: a known-size float vector (see <see cref="Pooling"/>).</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>
    /// The token column: a vector (variable or fixed size) of text tokens, of keys with key-value
    /// annotations, or of Int32 / Int64 token ids.
    /// </summary>
    public string InputColumnName { get; set; } = "Tokens";

    /// <summary>An ONNX file exported by MlNetPositional.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>How token vectors become the output; <see cref="PositionalPooling.Mean"/> by default.</summary>
    public PositionalPooling Pooling { get; set; } = PositionalPooling.Mean;

    /// <summary>
    /// The longest sequence passed to the model (null: the model's own limit). A model with a position
    /// table cannot go past its rows; a rope or alibi model has no limit, so sequences are cut only
    /// here — and <see cref="PositionalPooling.None"/> needs it, to give a fixed-size output.
    /// </summary>
    public int? MaxLength { get; set; }

    /// <summary>What to do with sequences longer than the max length; truncate by default.</summary>
    public PositionalOverLength OverLength { get; set; } = PositionalOverLength.Truncate;

    /// <summary>
    /// Rows read ahead and scored together when transforming a data view (64 by default). They go to
    /// ONNX Runtime in calls of similar lengths, run concurrently.
    /// </summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// ONNX Runtime intra-op threads per call. 0 (default): chosen by measurement for the model: an
    /// encoder gets one thread per call and one call per core at once (its ops are too short to share
    /// between threads); an embedding-only model gets one call per batch on every core. k &gt; 0: k
    /// threads per call and cores / k calls at once.
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    /// <param name="requireModelPath">False for settings whose model comes from elsewhere (a saved pipeline, or training in Fit).</param>
    internal void Validate(bool requireModelPath = true)
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        }

        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        }

        if (requireModelPath && string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath must name an ONNX file exported by MlNetPositional.", nameof(ModelPath));
        }

        if (MaxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "MaxLength must be null (the model's limit) or at least 1.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        }

        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (automatic) or more.");
        }
    }
}
