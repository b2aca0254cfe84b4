using MlNetPositional.Contract;

namespace MlNetPositional.Inference;

/// <summary>
/// The longest sequence scoring passes to the model. A model with a position table stops at its rows
/// (or at an asked MaxLength below that); a model without one (rope, alibi) takes any length, so it is
/// cut only at an explicit MaxLength — which <see cref="PositionalPooling.None"/> needs, as its output
/// has max-length x dim values.
/// </summary>
internal static class LengthLimit
{
    /// <summary>The effective limit (<see cref="int.MaxValue"/> for none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxLength past the model's table, or missing where Pooling None needs it.</exception>
    /// <param name="maxLength">The limit asked for (null: the model's own).</param>
    /// <param name="pooling">The pooling (None needs a limit).</param>
    /// <param name="config">The model's config.</param>
    public static int For(int? maxLength, PositionalPooling pooling, ModelConfig config)
    {
        if (config.Positional.HasLengthLimit())
        {
            return maxLength is { } asked && asked > config.MaxLength
                ? throw new ArgumentOutOfRangeException(nameof(ScoringOptions.MaxLength), asked,
                    $"MaxLength ({asked}) is past the model's position table of {config.MaxLength} rows.")
                : maxLength ?? config.MaxLength;
        }

        return maxLength
            ?? (pooling == PositionalPooling.None
                ? throw new ArgumentOutOfRangeException(nameof(ScoringOptions.MaxLength), null,
                    $"Pooling None gives max length x dim values, and this {config.Positional.ToName()} model has no length limit: set MaxLength.")
                : int.MaxValue);
    }
}
