using System.Text.Json.Serialization;
using MlNetPositional.Contract;
using MlNetPositional.Training.Specs;

namespace MlNetPositional.Training.Checkpoints;

/// <summary>
/// Everything in a checkpoint besides tensors. The data order needs no state of its own: batch s is
/// a function of (seed, s), so <see cref="Step"/> is the data-order state.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>The architecture.</summary>
    [JsonPropertyName("model")]
    public required ModelConfig Model { get; init; }

    /// <summary>The training recipe.</summary>
    [JsonPropertyName("training")]
    public required TrainingSettings Training { get; init; }

    /// <summary>Tokens in id order.</summary>
    [JsonPropertyName("vocabulary")]
    public required IReadOnlyList<string> Vocabulary { get; init; }

    /// <summary>Class labels of a supervised corpus run, in class-index order.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Training rows of a corpus run (its data-order state is the step).</summary>
    [JsonPropertyName("training_rows")]
    public long? TrainingRows { get; init; }

    /// <summary>Steps completed.</summary>
    [JsonPropertyName("step")]
    public long Step { get; init; }

    /// <summary>Wall-clock training seconds so far.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>Lowest held-out loss seen (early stopping).</summary>
    [JsonPropertyName("best_eval_loss")]
    public double BestEvalLoss { get; init; } = double.MaxValue;

    /// <summary>Evaluations since the best one (early stopping).</summary>
    [JsonPropertyName("evals_without_improvement")]
    public int EvalsWithoutImprovement { get; init; }

    /// <summary>The most recent held-out loss.</summary>
    [JsonPropertyName("eval_loss")]
    public double? EvalLoss { get; init; }

    /// <summary>The most recent held-out accuracy.</summary>
    [JsonPropertyName("eval_accuracy")]
    public double? EvalAccuracy { get; init; }

    /// <summary>The last training loss.</summary>
    [JsonPropertyName("train_loss")]
    public double? TrainLoss { get; init; }

    /// <summary>True once early stopping ended the run.</summary>
    [JsonPropertyName("stopped_early")]
    public bool StoppedEarly { get; init; }
}
