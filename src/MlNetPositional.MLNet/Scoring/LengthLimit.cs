using MlNetPositional.Contract;

namespace MlNetPositional.Scoring;

/// <summary>
/// The longest sequence the transform passes to the model. A model with a position table stops at its
/// rows (or at <see cref="PositionalEmbeddingOptions.MaxLength"/> below that); a model without one
/// (rope, alibi) takes any length, so it is cut only at an explicit MaxLength — which
/// <see cref="PositionalPooling.None"/> needs, as its output has max-length x dim values.
/// </summary>
internal static class LengthLimit
{
    /// <summary>The effective limit (<see cref="int.MaxValue"/> for none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxLength past the model's table, or missing where Pooling None needs it.</exception>
    public static int For(TransformSettings settings, ModelConfig config)
    {
        if (config.Positional.HasLengthLimit())
        {
            return settings.MaxLength is { } asked && asked > config.MaxLength
                ? throw new ArgumentOutOfRangeException(nameof(PositionalEmbeddingOptions.MaxLength), asked,
                    $"MaxLength ({asked}) is past the model's position table of {config.MaxLength} rows.")
                : settings.MaxLength ?? config.MaxLength;
        }

        return settings.MaxLength
            ?? (settings.Pooling == PositionalPooling.None
                ? throw new ArgumentOutOfRangeException(nameof(PositionalEmbeddingOptions.MaxLength), null,
                    $"Pooling None gives max length x dim values, and this {config.Positional.ToName()} model has no length limit: set MaxLength.")
                : int.MaxValue);
    }
}
