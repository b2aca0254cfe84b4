using MlNetPositional.Contract;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;

namespace MlNetPositional;

/// <summary>
/// Settings of <see cref="PositionalEmbeddingTrainingEstimator"/>: the columns, the model, how to
/// train it, and where to keep it. The defaults were chosen by measurement on real text (see the
/// README, "Train inside pipeline.Fit"); the CLI's <c>train --data</c> takes the same settings.
/// </summary>
public sealed class PositionalEmbeddingTrainingOptions
{
    /// <summary>The column to create: a known-size float vector (see <see cref="Pooling"/>).</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>The token column: a vector of text tokens, of keys with key-value annotations, or of Int32 / Int64 token ids.</summary>
    public string InputColumnName { get; set; } = "Tokens";

    /// <summary>
    /// The label column (Boolean, key, or text; at least two classes): the model learns to classify
    /// sequences. Null: the model learns masked-token prediction from the tokens alone.
    /// </summary>
    public string? LabelColumnName { get; set; }

    /// <summary>How token vectors become the output; <see cref="PositionalPooling.Mean"/> by default (also the pooling the classifier trains through).</summary>
    public PositionalPooling Pooling { get; set; } = PositionalPooling.Mean;

    /// <summary>What the fitted transformer does with sequences longer than <see cref="MaxLength"/>; truncate by default.</summary>
    public PositionalOverLength OverLength { get; set; } = PositionalOverLength.Truncate;

    /// <summary>The positional encoding; learned absolute positions by default.</summary>
    public PositionalKind Positional { get; set; } = PositionalKind.Learned;

    /// <summary>Pre-LN encoder blocks on top of the embeddings (0: embedding only).</summary>
    public int Layers { get; set; } = 1;

    /// <summary>Attention heads per block; must divide <see cref="Dim"/>.</summary>
    public int Heads { get; set; } = 4;

    /// <summary>Embedding width: the output has this many values per token.</summary>
    public int Dim { get; set; } = 64;

    /// <summary>Rows of the position table: the longest sequence the model reads.</summary>
    public int MaxLength { get; set; } = 64;

    /// <summary>Dropout probability on embeddings, attention and feed-forward outputs.</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>Optimizer steps; null: enough steps for <see cref="Epochs"/>.</summary>
    public int? Steps { get; set; }

    /// <summary>Passes over the training rows when <see cref="Steps"/> is null.</summary>
    public double Epochs { get; set; } = 10;

    /// <summary>Sequences per training step.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Peak learning rate (AdamW, warm-up then cosine decay).</summary>
    public double LearningRate { get; set; } = 1e-2;

    /// <summary>Fixes the held-out split, initialisation, training order and dropout: the same data, options and seed give bitwise-identical weights.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Share of rows held out to measure the model while it trains (chosen by a seeded hash of each row's id).</summary>
    public double HeldOutFraction { get; set; } = 0.1;

    /// <summary>Steps between held-out evaluations (and checkpoints, with <see cref="CheckpointFolder"/>).</summary>
    public int EvaluateEvery { get; set; } = 50;

    /// <summary>Early stopping: stop after this many evaluations without a lower held-out loss; 0 trains every step.</summary>
    public int Patience { get; set; } = 5;

    /// <summary>Tokens seen fewer times in the training rows become [UNK] (text and keys).</summary>
    public int MinTokenCount { get; set; } = 1;

    /// <summary>Largest vocabulary, [PAD], [UNK] and [MASK] included (text and keys); for integer ids, every id must be below it.</summary>
    public int MaxVocabularySize { get; set; } = 30_000;

    /// <summary>
    /// Where to write the exported ONNX model (atomically). Null: the model lives in memory, and in
    /// the zip when the pipeline is saved.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// A folder for checkpoints (written at every evaluation and on cancellation, with the train log).
    /// If it already holds one from the same data and options, Fit continues from it.
    /// </summary>
    public string? CheckpointFolder { get; set; }

    /// <summary>Rows read ahead and scored together by the fitted transformer.</summary>
    public int ScoringBatchSize { get; set; } = 64;

    /// <summary>ONNX Runtime intra-op threads per call of the fitted transformer (0: automatic).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Told after every step, for apps that draw their own progress; the MLContext's log gets the same figures.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Stops training at the next step with <see cref="OperationCanceledException"/>, as <c>MLContext.CancelExecution()</c> does.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that does not fit (before any data is read).</summary>
    internal void Validate()
    {
        static void Check(bool ok, string setting, object? value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentOutOfRangeException(setting, value, $"{setting} {rule}; got {value}.");
            }
        }

        Check(!string.IsNullOrWhiteSpace(OutputColumnName), nameof(OutputColumnName), OutputColumnName, "must name a column");
        Check(!string.IsNullOrWhiteSpace(InputColumnName), nameof(InputColumnName), InputColumnName, "must name the token column");
        Check(LabelColumnName is null || !string.IsNullOrWhiteSpace(LabelColumnName), nameof(LabelColumnName), LabelColumnName, "must be null (masked-token training) or name a column");
        Check(LabelColumnName != InputColumnName, nameof(LabelColumnName), LabelColumnName, $"must differ from {nameof(InputColumnName)}");
        Check(Enum.IsDefined(Pooling), nameof(Pooling), Pooling, "must be a PositionalPooling value");
        Check(Enum.IsDefined(OverLength), nameof(OverLength), OverLength, "must be a PositionalOverLength value");
        Check(Enum.IsDefined(Positional), nameof(Positional), Positional, "must be a PositionalKind value");
        Check(Layers >= 0, nameof(Layers), Layers, "must be 0 (embedding only) or more");
        Check(Dim >= 1, nameof(Dim), Dim, "must be at least 1");
        Check(Layers == 0 || Heads >= 1, nameof(Heads), Heads, "must be at least 1");
        Check(Layers == 0 || Dim % Math.Max(Heads, 1) == 0, nameof(Dim), Dim, $"must be divisible by {nameof(Heads)} ({Heads})");
        Check(MaxLength >= 1, nameof(MaxLength), MaxLength, "must be at least 1");
        Check(Dropout is >= 0 and < 1, nameof(Dropout), Dropout, "must be in [0, 1)");
        Check(Steps is null or >= 1, nameof(Steps), Steps, "must be null (use Epochs) or at least 1");
        Check(double.IsFinite(Epochs) && Epochs > 0, nameof(Epochs), Epochs, "must be a positive number");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Check(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), LearningRate, "must be a positive number");
        Check(HeldOutFraction is > 0 and < 1, nameof(HeldOutFraction), HeldOutFraction, "must be in (0, 1)");
        Check(EvaluateEvery >= 1, nameof(EvaluateEvery), EvaluateEvery, "must be at least 1");
        Check(Patience >= 0, nameof(Patience), Patience, "must be 0 (no early stopping) or more");
        Check(MinTokenCount >= 1, nameof(MinTokenCount), MinTokenCount, "must be at least 1");
        Check(MaxVocabularySize >= 4, nameof(MaxVocabularySize), MaxVocabularySize, "must be at least 4 ([PAD], [UNK], [MASK] and a token)");
        Check(ModelPath is null || !string.IsNullOrWhiteSpace(ModelPath), nameof(ModelPath), ModelPath, "must be null (keep the model in memory) or name a file");
        Check(CheckpointFolder is null || !string.IsNullOrWhiteSpace(CheckpointFolder), nameof(CheckpointFolder), CheckpointFolder, "must be null or name a folder");
        Check(ScoringBatchSize >= 1, nameof(ScoringBatchSize), ScoringBatchSize, "must be at least 1");
        Check(IntraOpThreads >= 0, nameof(IntraOpThreads), IntraOpThreads, "must be 0 (automatic) or more");
    }

    /// <summary>The corpus rules of a run on the token column <paramref name="source"/> of a data view.</summary>
    internal CorpusSettings ToCorpusSettings(string source) => new()
    {
        Source = CorpusSource.DataView, Path = source, TextColumn = InputColumnName, LabelColumn = LabelColumnName,
        MinCount = MinTokenCount, MaxVocab = MaxVocabularySize, HeldOutFraction = HeldOutFraction,
    };

    /// <summary>How the run trains on <paramref name="corpus"/>: <see cref="Steps"/>, or enough steps for <see cref="Epochs"/> over its <paramref name="trainingRows"/>.</summary>
    internal TrainingSettings ToTrainingSettings(CorpusSettings corpus, long trainingRows) => new()
    {
        Data = corpus, BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, EvalEvery = EvaluateEvery, Patience = Patience,
        Steps = Steps ?? (int)Math.Clamp(Math.Ceiling(Epochs * trainingRows / BatchSize), 1, int.MaxValue),
    };

    /// <summary>The model these options describe, over <paramref name="vocabulary"/>.</summary>
    internal ModelConfig ToModelConfig(Vocabulary vocabulary) => new()
    {
        VocabSize = vocabulary.Count, PadId = vocabulary.PadId, MaxLength = MaxLength, Dim = Dim, Heads = Heads, Layers = Layers, Dropout = Dropout, Positional = Positional,
    };

    /// <summary>A copy, so changing these options after the estimator was made changes nothing.</summary>
    internal PositionalEmbeddingTrainingOptions Copy() => (PositionalEmbeddingTrainingOptions)MemberwiseClone();
}
