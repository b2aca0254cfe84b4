namespace MlNetPositional;

/// <summary>How per-token embeddings become the transform's output column.</summary>
public enum PositionalPooling
{
    /// <summary>No pooling: the whole max-length x dim grid, zero past the sequence.</summary>
    None,

    /// <summary>Mean over the sequence's tokens (the model's <c>pooled</c> output).</summary>
    Mean,

    /// <summary>Element-wise maximum over the sequence's tokens.</summary>
    Max,

    /// <summary>The first token's embedding.</summary>
    First,
}
