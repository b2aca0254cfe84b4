namespace MlNetPositional.Training.Tasks;

/// <summary>What <see cref="TaskEvaluator.Evaluate"/> measures: sequences of which lengths, how many, how drawn.</summary>
public sealed record TaskEvaluationOptions
{
    /// <summary>The offset k of the match-back task; null: the run's.</summary>
    public int? Offset { get; init; }

    /// <summary>The shortest sequence; null: the run's (by default the task's own minimum).</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest sequence; null: the model's max length. Past a position table the run is not evaluated.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Sequences generated (at least 1).</summary>
    public int Samples { get; init; } = 2048;

    /// <summary>Seeds the generated sequences (and the position shuffle).</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Gives each sequence's tokens a random permutation of their positions: what accuracy is left does not come from positions.</summary>
    public bool ShufflePositions { get; init; }
}

/// <summary>The accuracy of a dummy-task run on generated sequences, beside the majority-class baseline.</summary>
/// <param name="Task">The run's task.</param>
/// <param name="MinLength">The shortest sequence asked for (null: the task's minimum).</param>
/// <param name="MaxLength">The longest sequence.</param>
/// <param name="Samples">Sequences scored (when not applicable: asked for).</param>
/// <param name="Accuracy">Held-out accuracy in [0, 1] (per token for per-token tasks); null when not applicable.</param>
/// <param name="Baseline">The accuracy of always answering the most frequent label; null when not applicable.</param>
/// <param name="NotApplicable">Why the run was not evaluated (lengths past its position table); null when it was.</param>
public sealed record TaskEvaluation(TaskKind Task, int? MinLength, int MaxLength, int Samples, double? Accuracy, double? Baseline, string? NotApplicable);
