using MlNetPositional.Scoring;

namespace MlNetPositional;

/// <summary>Settings of <see cref="PositionalEmbeddingEstimator"/>.</summary>
public sealed class PositionalEmbeddingOptions
{
    /// <summary>The column to create: a known-size float vector (see <see cref="Pooling"/>).</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>
    /// The token column: a vector (variable or fixed size) of text tokens, of keys with key-value
    /// annotations, or of Int32 / Int64 token ids; or raw text, a scalar Text column that the model's
    /// own tokenizer splits (see <see cref="TokenColumnKind.RawText"/>).
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

    /// <summary>These options, checked and frozen for a transform.</summary>
    /// <param name="requireModelPath">False for settings whose model comes from elsewhere (a model already loaded, or trained in Fit).</param>
    /// <exception cref="ArgumentException">The first invalid setting, named.</exception>
    internal TransformSettings ToSettings(bool requireModelPath = true) => new TransformSettings
    {
        OutputColumnName = OutputColumnName,
        InputColumnName = InputColumnName,
        ModelPath = ModelPath,
        Pooling = Pooling,
        OverLength = OverLength,
        BatchSize = BatchSize,
        IntraOpThreads = IntraOpThreads,
        MaxLength = MaxLength,
    }.Validated(requireModelPath);
}
