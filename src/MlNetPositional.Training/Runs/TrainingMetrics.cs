using System.Text.Json.Serialization;

namespace MlNetPositional.Training.Runs;

/// <summary>metrics.json: the outcome of a run.</summary>
public sealed record TrainingMetrics
{
    /// <summary>Task name, e.g. <c>reverse</c>.</summary>
    [JsonPropertyName("task")]
    public required string Task { get; init; }

    /// <summary>Positional kind, e.g. <c>learned</c>.</summary>
    [JsonPropertyName("positional")]
    public required string Positional { get; init; }

    /// <summary>Steps completed.</summary>
    [JsonPropertyName("steps")]
    public long Steps { get; init; }

    /// <summary>Held-out accuracy in [0, 1] at the end (per token for per-token tasks).</summary>
    [JsonPropertyName("eval_accuracy")]
    public double EvalAccuracy { get; init; }

    /// <summary>Held-out cross-entropy at the end.</summary>
    [JsonPropertyName("eval_loss")]
    public double EvalLoss { get; init; }

    /// <summary>Training loss of the last step.</summary>
    [JsonPropertyName("train_loss")]
    public double TrainLoss { get; init; }

    /// <summary>The seed that fixed data, initialisation and order.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; }

    /// <summary>Parameters of the exported encoder (the task head excluded).</summary>
    [JsonPropertyName("encoder_parameters")]
    public long EncoderParameters { get; init; }

    /// <summary>Wall-clock training seconds, across resumes.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>For masked-token prediction: the held-out loss of the training unigram distribution (the no-context baseline).</summary>
    [JsonPropertyName("unigram_eval_loss")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? UnigramEvalLoss { get; init; }

    /// <summary>True when early stopping ended the run before <c>steps</c>.</summary>
    [JsonPropertyName("stopped_early")]
    public bool StoppedEarly { get; init; }
}
