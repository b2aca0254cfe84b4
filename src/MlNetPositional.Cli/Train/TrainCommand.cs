using System.CommandLine;
using System.Globalization;
using MlNetPositional.Cli.Progress;
using MlNetPositional.Onnx.Contract;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Cli.Train;

/// <summary>
/// <c>train</c>: trains on a dummy task. Settings come from defaults, then <c>--spec FILE</c>, then
/// flags (each layer overrides only what it sets). <c>--resume DIR</c> continues a run as it was
/// configured; only <c>--steps</c> may change (to extend it).
/// </summary>
public sealed class TrainCommand : ICliVerb
{
    private readonly Option<string?> _task = new("--task") { Description = $"Dummy task: {string.Join(", ", TaskKindNames.All)}." };
    private readonly Option<string?> _positional = new("--positional") { Description = $"Positional encoding: {string.Join(", ", PositionalKindNames.All)}." };
    private readonly Option<int?> _layers = new("--layers") { Description = "Pre-LN encoder blocks (0 = embedding only)." };
    private readonly Option<int?> _heads = new("--heads") { Description = "Attention heads per block." };
    private readonly Option<int?> _dim = new("--dim") { Description = "Embedding width." };
    private readonly Option<int?> _feedForwardDim = new("--ff-dim") { Description = "Feed-forward width (default 4 x dim)." };
    private readonly Option<int?> _maxLength = new("--max-len") { Description = "Rows of the position table: the longest sequence." };
    private readonly Option<int?> _vocabSize = new("--vocab-size") { Description = "Token table rows, [PAD] and [UNK] included." };
    private readonly Option<double?> _dropout = new("--dropout") { Description = "Dropout probability." };
    private readonly Option<int?> _padId = new("--pad-id") { Description = "Id of the padding token." };
    private readonly Option<int?> _steps = new("--steps") { Description = "Optimizer steps (total, when resuming)." };
    private readonly Option<int?> _batchSize = new("--batch-size") { Description = "Sequences per batch." };
    private readonly Option<double?> _learningRate = new("--lr") { Description = "Peak learning rate." };
    private readonly Option<double?> _embeddingLearningRateScale = new("--embedding-lr-scale") { Description = "Learning-rate multiplier for the token and position tables." };
    private readonly Option<int?> _warmup = new("--warmup") { Description = "Warm-up steps (default 10% of steps)." };
    private readonly Option<double?> _weightDecay = new("--weight-decay") { Description = "AdamW weight decay on linear weights." };
    private readonly Option<double?> _gradientClip = new("--grad-clip") { Description = "Global gradient-norm clip." };
    private readonly Option<int?> _evalEvery = new("--eval-every") { Description = "Steps between evaluations and checkpoints." };
    private readonly Option<int?> _patience = new("--patience") { Description = "Evaluations without improvement before stopping (0 = never)." };
    private readonly Option<int?> _minLength = new("--min-len") { Description = "Shortest generated sequence (default: the task's minimum)." };
    private readonly Option<int?> _tokenAt = new("--token-at") { Description = "Position k of the token-at task." };
    private readonly Option<int?> _seed = new("--seed") { Description = "Fixes data, initialisation and order." };
    private readonly Option<string?> _data = new("--data") { Description = "Train on this file (TSV/CSV with a header, or one sequence per line) instead of a dummy task." };
    private readonly Option<string?> _dataFormat = new("--data-format") { Description = "tsv, csv or lines (default: from the extension)." };
    private readonly Option<string?> _textColumn = new("--text-column") { Description = "The text column of a TSV/CSV corpus." };
    private readonly Option<string?> _labelColumn = new("--label-column") { Description = "The label column: supervised classification; without it, masked-token prediction." };
    private readonly Option<string?> _tokenizer = new("--tokenizer") { Description = "mlnet-words (default), tiktoken:r50k_base or tiktoken:cl100k_base." };
    private readonly Option<string[]> _specials = new("--special") { Description = "An extra special token for the vocabulary (repeatable)." };
    private readonly Option<int?> _minCount = new("--min-count") { Description = "Tokens seen fewer times become [UNK] (default 1)." };
    private readonly Option<int?> _maxVocab = new("--max-vocab") { Description = "Largest vocabulary, reserved tokens included (default 30000)." };
    private readonly Option<string?> _spec = new("--spec") { Description = "JSON spec: { \"model\": {...}, \"training\": {...} }; flags override it." };
    private readonly Option<string?> _out = new("--out") { Description = "New run directory." };
    private readonly Option<string?> _resume = new("--resume") { Description = "Run directory to continue from its last checkpoint." };

    private TrainCommand()
    {
        Command = new Command("train", "Train token + position embeddings (and an optional encoder) on a dummy task or on your own text file (--data).")
        {
            _task, _positional, _layers, _heads, _dim, _feedForwardDim, _maxLength, _vocabSize, _dropout, _padId,
            _steps, _batchSize, _learningRate, _embeddingLearningRateScale, _warmup, _weightDecay, _gradientClip, _evalEvery, _patience, _minLength, _tokenAt,
            _seed, _data, _dataFormat, _textColumn, _labelColumn, _tokenizer, _specials, _minCount, _maxVocab, _spec, _out, _resume,
        };
    }

    /// <summary>The System.CommandLine command.</summary>
    public Command Command { get; }

    /// <summary>Creates the command and its options.</summary>
    public static TrainCommand Create() => new();

    /// <summary>Runs the verb for a parse result whose command is this one.</summary>
    public int Execute(ParseResult parse, CliContext context)
    {
        var (stdout, interactive, cancellation) = (context.Stdout, context.Interactive, context.Cancellation);
        var outDir = parse.GetValue(_out);
        var resumeDir = parse.GetValue(_resume);
        if ((outDir is null) == (resumeDir is null))
        {
            throw new UsageException("give exactly one of --out DIR (a new run) or --resume DIR (continue a run).");
        }

        TrainingMetrics metrics;
        if (resumeDir is not null)
        {
            var changed = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
                .Select(o => o.Option.Name).Where(n => n is not "--resume" and not "--steps").ToList();
            if (changed.Count > 0)
            {
                throw new UsageException($"--resume continues a run as it was configured; only --steps may be given, not {string.Join(", ", changed)}.");
            }

            if (!Directory.Exists(resumeDir))
            {
                throw new UsageException($"--resume {resumeDir}: the directory does not exist.");
            }

            var planned = CheckpointFile.ReadState(new RunFiles(resumeDir).Checkpoint);
            var steps = parse.GetValue(_steps) ?? planned.Training.Steps;
            metrics = RunWithProgress(stdout, interactive, steps, progress => Trainer.Resume(resumeDir, parse.GetValue(_steps), progress, cancellation));
        }
        else
        {
            var spec = BuildSpec(parse);
            metrics = RunWithProgress(stdout, interactive, spec.Training.Steps, progress => Trainer.Train(spec, outDir!, progress, cancellation));
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: task {metrics.Task}, positional {metrics.Positional}, {metrics.Steps} steps{(metrics.StoppedEarly ? " (stopped early)" : "")}, eval_accuracy {metrics.EvalAccuracy:F4}, eval_loss {metrics.EvalLoss:F4}, {metrics.Seconds:F1} s"));
        stdout.WriteLine($"run: {Path.GetFullPath(outDir ?? resumeDir!)}");
        return ExitCodes.Success;
    }

    /// <summary>Defaults, then the spec file, then flags; validated, naming where the settings came from.</summary>
    internal TrainingSpec BuildSpec(ParseResult parse)
    {
        var specPath = parse.GetValue(_spec);
        var spec = specPath is null ? new TrainingSpec() : TrainingSpec.Load(specPath);
        try
        {
            var model = spec.Model with
            {
                Positional = parse.GetValue(_positional) is { } positional ? PositionalKindNames.Parse(positional) : spec.Model.Positional,
                Layers = parse.GetValue(_layers) ?? spec.Model.Layers,
                Heads = parse.GetValue(_heads) ?? spec.Model.Heads,
                Dim = parse.GetValue(_dim) ?? spec.Model.Dim,
                FeedForwardDim = parse.GetValue(_feedForwardDim) ?? spec.Model.FeedForwardDim,
                MaxLength = parse.GetValue(_maxLength) ?? spec.Model.MaxLength,
                VocabSize = parse.GetValue(_vocabSize) ?? spec.Model.VocabSize,
                Dropout = parse.GetValue(_dropout) ?? spec.Model.Dropout,
                PadId = parse.GetValue(_padId) ?? spec.Model.PadId,
            };
            var training = spec.Training with
            {
                Task = parse.GetValue(_task) is { } task ? TaskKindNames.Parse(task) : spec.Training.Task,
                Steps = parse.GetValue(_steps) ?? spec.Training.Steps,
                BatchSize = parse.GetValue(_batchSize) ?? spec.Training.BatchSize,
                LearningRate = parse.GetValue(_learningRate) ?? spec.Training.LearningRate,
                EmbeddingLearningRateScale = parse.GetValue(_embeddingLearningRateScale) ?? spec.Training.EmbeddingLearningRateScale,
                WarmupSteps = parse.GetValue(_warmup) ?? spec.Training.WarmupSteps,
                WeightDecay = parse.GetValue(_weightDecay) ?? spec.Training.WeightDecay,
                GradientClip = parse.GetValue(_gradientClip) ?? spec.Training.GradientClip,
                EvalEvery = parse.GetValue(_evalEvery) ?? spec.Training.EvalEvery,
                Patience = parse.GetValue(_patience) ?? spec.Training.Patience,
                TokenAtPosition = parse.GetValue(_tokenAt) ?? spec.Training.TokenAtPosition,
                MinLength = parse.GetValue(_minLength) ?? spec.Training.MinLength,
                Seed = parse.GetValue(_seed) ?? spec.Training.Seed,
            };
            if (parse.GetValue(_data) is { } dataPath || training.Data is not null)
            {
                var data = training.Data ?? new Training.Corpus.CorpusSettings();
                data = data with
                {
                    Path = parse.GetValue(_data) ?? data.Path,
                    Format = parse.GetValue(_dataFormat) ?? data.Format,
                    TextColumn = parse.GetValue(_textColumn) ?? data.TextColumn,
                    LabelColumn = parse.GetValue(_labelColumn) ?? data.LabelColumn,
                    Tokenizer = parse.GetValue(_tokenizer) ?? data.Tokenizer,
                    Specials = parse.GetValue(_specials) is { Length: > 0 } specials ? specials : data.Specials,
                    MinCount = parse.GetValue(_minCount) ?? data.MinCount,
                    MaxVocab = parse.GetValue(_maxVocab) ?? data.MaxVocab,
                };
                _ = data.ResolvedFormat();
                _ = Training.Corpus.CorpusTokenizer.Parse(data.Tokenizer);
                if (!File.Exists(data.Path))
                {
                    throw new UsageException($"--data {data.Path}: the file does not exist.");
                }

                training = training with { Data = data };
            }

            return new TrainingSpec { Model = model, Training = training }
                .Validate(specPath is null ? "the command line" : $"{specPath} and the command line");
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static TrainingMetrics RunWithProgress(TextWriter stdout, bool interactive, long steps, Func<IProgress<TrainingProgress>, TrainingMetrics> train) =>
        interactive ? LiveProgress.Run(steps, train) : train(new PlainProgress(stdout, steps));
}
