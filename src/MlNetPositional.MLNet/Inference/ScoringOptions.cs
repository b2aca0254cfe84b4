namespace MlNetPositional.Inference;

/// <summary>
/// How <see cref="PositionalEmbeddingModel.EmbedPooled"/> turns sequences into vectors: the pooling,
/// the longest sequence passed to the model, and how much padding an ONNX Runtime call may hold.
/// </summary>
public sealed record ScoringOptions
{
    /// <summary>The defaults: mean pooling, the model's own length limit, 1/8 padding.</summary>
    public static ScoringOptions Default { get; } = new();

    /// <summary>How token vectors become one vector; <see cref="PositionalPooling.Mean"/> by default.</summary>
    public PositionalPooling Pooling { get; init; } = PositionalPooling.Mean;

    /// <summary>
    /// The longest sequence passed to the model (null: the model's own limit). A model with a position
    /// table cannot go past its rows; a rope or alibi model has none, and <see cref="PositionalPooling.None"/>
    /// then needs this, to give a fixed-size output.
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// The share of a call's tokens that may be padding (default 1/8): sequences sorted by length share
    /// a call while the padding stays below it. 0: a call holds sequences of one length only, so each
    /// vector is the same, bit for bit, whatever else was in the batch (ONNX Runtime sums a longer
    /// padded axis in another order).
    /// </summary>
    public double MaxPaddingShare { get; init; } = LengthBuckets.MaxPaddingShare;
}
