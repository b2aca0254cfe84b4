using System.Text.Json.Serialization;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Specs;

/// <summary>
/// How to train, kept apart from what the model is (<see cref="Contract.ModelConfig"/>).
/// Serialised as snake_case JSON in specs and checkpoints.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>The dummy task to learn.</summary>
    [JsonPropertyName("task")]
    [JsonConverter(typeof(TaskKindJsonConverter))]
    public TaskKind Task { get; init; } = TaskKind.Reverse;

    /// <summary>Train on a file instead of a dummy task (then <see cref="Task"/> is not used).</summary>
    [JsonPropertyName("data")]
    public Corpus.CorpusSettings? Data { get; init; }

    /// <summary>The position k asked about by the token-at task.</summary>
    [JsonPropertyName("token_at_position")]
    public int TokenAtPosition { get; init; } = TokenAtTask.DefaultPosition;

    /// <summary>The offset k of the match-back task.</summary>
    [JsonPropertyName("offset")]
    public int Offset { get; init; } = MatchBackTask.DefaultOffset;

    /// <summary>Shortest generated sequence; null means the task's own minimum (1, k+1 or 2). Lengths are uniform up to max_length.</summary>
    [JsonPropertyName("min_length")]
    public int? MinLength { get; init; }

    /// <summary>Optimizer steps to run (fewer if early stopping triggers).</summary>
    [JsonPropertyName("steps")]
    public int Steps { get; init; } = 400;

    /// <summary>Sequences per batch.</summary>
    [JsonPropertyName("batch_size")]
    public int BatchSize { get; init; } = 512;

    /// <summary>Peak learning rate, reached after warm-up.</summary>
    [JsonPropertyName("learning_rate")]
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>
    /// Learning-rate multiplier for the token and position tables. They start N(0, 1) while linear
    /// weights start near 0.07, and Adam's steps are absolute, so at the shared rate the tables barely
    /// move relative to their own scale. Measured on the README's reverse run (seed 1, 400 steps):
    /// x0.3 0.939, x1 0.978, x3 0.997, x5 0.9995, x10 0.9999 per-token accuracy.
    /// </summary>
    [JsonPropertyName("embedding_lr_scale")]
    public double EmbeddingLearningRateScale { get; init; } = 5;

    /// <summary>Linear warm-up steps; null means 10% of <see cref="Steps"/>.</summary>
    [JsonPropertyName("warmup_steps")]
    public int? WarmupSteps { get; init; }

    /// <summary>Final learning rate of the cosine decay, as a fraction of the peak.</summary>
    [JsonPropertyName("min_lr_ratio")]
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>AdamW's decoupled weight decay, applied to linear weights only (not tables, biases or norms).</summary>
    [JsonPropertyName("weight_decay")]
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gradients are clipped to this global L2 norm.</summary>
    [JsonPropertyName("grad_clip")]
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Fixes data, initialisation and training order.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; } = 1;

    /// <summary>Steps between held-out evaluations (each one also writes a checkpoint).</summary>
    [JsonPropertyName("eval_every")]
    public int EvalEvery { get; init; } = 50;

    /// <summary>Held-out batches of <see cref="BatchSize"/> sequences.</summary>
    [JsonPropertyName("eval_batches")]
    public int EvalBatches { get; init; } = 4;

    /// <summary>Stop after this many evaluations without a lower held-out loss; 0 disables early stopping.</summary>
    [JsonPropertyName("patience")]
    public int Patience { get; init; } = 5;

    /// <summary>The warm-up actually used.</summary>
    [JsonIgnore]
    public int EffectiveWarmupSteps => WarmupSteps ?? Math.Max(1, Steps / 10);

    /// <summary>Every problem with these settings, as user-facing sentences.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Check(Steps >= 1, $"steps must be at least 1; got {Steps}.");
        Check(BatchSize >= 1, $"batch_size must be at least 1; got {BatchSize}.");
        Check(double.IsFinite(LearningRate) && LearningRate > 0, $"learning_rate must be a positive number; got {LearningRate}.");
        Check(double.IsFinite(EmbeddingLearningRateScale) && EmbeddingLearningRateScale > 0, $"embedding_lr_scale must be a positive number; got {EmbeddingLearningRateScale}.");
        Check(WarmupSteps is null or >= 0, $"warmup_steps must be 0 or more; got {WarmupSteps}.");
        Check(MinLearningRateRatio is >= 0 and <= 1, $"min_lr_ratio must be in [0, 1]; got {MinLearningRateRatio}.");
        Check(WeightDecay is >= 0 and < 1, $"weight_decay must be in [0, 1); got {WeightDecay}.");
        Check(GradientClip > 0 && double.IsFinite(GradientClip), $"grad_clip must be a positive number; got {GradientClip}.");
        Check(EvalEvery >= 1, $"eval_every must be at least 1; got {EvalEvery}.");
        Check(EvalBatches >= 1, $"eval_batches must be at least 1; got {EvalBatches}.");
        Check(Patience >= 0, $"patience must be 0 (off) or more; got {Patience}.");
        Check(MinLength is null or >= 1, $"min_length must be at least 1; got {MinLength}.");
        if (Data is { } data)
        {
            Check(!string.IsNullOrWhiteSpace(data.Path), "data.path must name a corpus file.");
            Check(data.MinCount >= 1, $"data.min_count must be at least 1; got {data.MinCount}.");
            Check(data.MaxVocab >= 4, $"data.max_vocab must be at least 4; got {data.MaxVocab}.");
            Check(data.HeldOutFraction is > 0 and < 1, $"data.held_out_fraction must be in (0, 1); got {data.HeldOutFraction}.");
            Check(data.MaskRate is > 0 and < 1, $"data.mask_rate must be in (0, 1); got {data.MaskRate}.");
        }

        Check(TokenAtPosition >= 0, $"token_at_position must be 0 or more; got {TokenAtPosition}.");
        Check(Offset >= 1, $"offset must be at least 1; got {Offset}.");
        return problems;
    }
}
