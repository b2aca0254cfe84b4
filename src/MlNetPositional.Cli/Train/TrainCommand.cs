using System.CommandLine;
using System.Globalization;
using MlNetPositional.Cli.Progress;
using MlNetPositional.Contract;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Cli.Train;

/// <summary>
/// <c>train</c>: trains on a dummy task. Settings come from defaults, then <c>--spec FILE</c>, then
/// flags (each layer overrides only what it sets). <c>--resume DIR</c> continues a run as it was
/// configured; only <c>--steps</c> may change (to extend it).
/// </summary>
internal sealed class TrainCommand : ICliVerb
{
    // Each flag is declared once, with the field it overrides (FlagTable).
    private readonly FlagTable<ModelConfig> _modelFlags = new FlagTable<ModelConfig>()
        .Add(new Option<string?>("--positional") { Description = $"Positional encoding: {string.Join(", ", PositionalKindNames.All)}." }, (m, v) => m with { Positional = PositionalKindNames.Parse(v) })
        .Add(new Option<int?>("--layers") { Description = "Pre-LN encoder blocks (0 = embedding only)." }, (m, v) => m with { Layers = v })
        .Add(new Option<int?>("--heads") { Description = "Attention heads per block." }, (m, v) => m with { Heads = v })
        .Add(new Option<int?>("--dim") { Description = "Embedding width." }, (m, v) => m with { Dim = v })
        .Add(new Option<int?>("--ff-dim") { Description = "Feed-forward width (default 4 x dim)." }, (m, v) => m with { FeedForwardDim = v })
        .Add(new Option<int?>("--max-len") { Description = "Rows of the position table: the longest sequence." }, (m, v) => m with { MaxLength = v })
        .Add(new Option<int?>("--vocab-size") { Description = "Token table rows, [PAD] and [UNK] included." }, (m, v) => m with { VocabSize = v })
        .Add(new Option<double?>("--dropout") { Description = "Dropout probability." }, (m, v) => m with { Dropout = v })
        .Add(new Option<int?>("--pad-id") { Description = "Id of the padding token." }, (m, v) => m with { PadId = v });

    private readonly Option<int?> _steps = new("--steps") { Description = "Optimizer steps (total, when resuming)." };

    private readonly FlagTable<TrainingSettings> _trainingFlags;

    private readonly Option<string?> _data = new("--data") { Description = "Train on this file (TSV/CSV with a header, or one sequence per line) instead of a dummy task." };

    private readonly FlagTable<Training.Corpus.CorpusSettings> _dataFlags;

    private readonly Option<string?> _spec = new("--spec") { Description = "JSON spec: { \"model\": {...}, \"training\": {...} }; flags override it." };
    private readonly Option<string?> _out = new("--out") { Description = "New run directory." };
    private readonly Option<string?> _resume = new("--resume") { Description = "Run directory to continue from its last checkpoint." };

    private TrainCommand()
    {
        _dataFlags = new FlagTable<Training.Corpus.CorpusSettings>()
            .Add(_data, (d, v) => d with { Path = v })
            .Add(new Option<string?>("--data-format") { Description = "tsv, csv or lines (default: from the extension)." }, (d, v) => d with { Format = v })
            .Add(new Option<string?>("--text-column") { Description = "The text column of a TSV/CSV corpus." }, (d, v) => d with { TextColumn = v })
            .Add(new Option<string?>("--label-column") { Description = "The label column: supervised classification; without it, masked-token prediction." }, (d, v) => d with { LabelColumn = v })
            .Add(new Option<string?>("--tokenizer") { Description = "mlnet-words (default: ML.NET NormalizeText + TokenizeIntoWords), chars (ML.NET TokenizeIntoCharactersAsKeys), tiktoken:r50k_base or tiktoken:cl100k_base." }, (d, v) => d with { Tokenizer = v })
            .Add(new Option<string[]>("--special") { Description = "An extra special token for the vocabulary (repeatable)." }, (d, v) => d with { Specials = v })
            .Add(new Option<int?>("--min-count") { Description = "Tokens seen fewer times become [UNK] (default 1)." }, (d, v) => d with { MinCount = v })
            .Add(new Option<int?>("--max-vocab") { Description = "Largest vocabulary, reserved tokens included (default 30000)." }, (d, v) => d with { MaxVocab = v });

        _trainingFlags = new FlagTable<TrainingSettings>()
            .Add(new Option<string?>("--task") { Description = $"Dummy task: {string.Join(", ", TaskKindNames.All)}." }, (t, v) => t with { Task = TaskKindNames.Parse(v) })
            .Add(_steps, (t, v) => t with { Steps = v })
            .Add(new Option<int?>("--batch-size") { Description = "Sequences per batch." }, (t, v) => t with { BatchSize = v })
            .Add(new Option<double?>("--lr") { Description = "Peak learning rate." }, (t, v) => t with { LearningRate = v })
            .Add(new Option<double?>("--embedding-lr-scale") { Description = "Learning-rate multiplier for the token and position tables." }, (t, v) => t with { EmbeddingLearningRateScale = v })
            .Add(new Option<int?>("--warmup") { Description = "Warm-up steps (default 10% of steps)." }, (t, v) => t with { WarmupSteps = v })
            .Add(new Option<double?>("--weight-decay") { Description = "AdamW weight decay on linear weights." }, (t, v) => t with { WeightDecay = v })
            .Add(new Option<double?>("--grad-clip") { Description = "Global gradient-norm clip." }, (t, v) => t with { GradientClip = v })
            .Add(new Option<int?>("--eval-every") { Description = "Steps between evaluations and checkpoints." }, (t, v) => t with { EvalEvery = v })
            .Add(new Option<int?>("--patience") { Description = "Evaluations without improvement before stopping (0 = never)." }, (t, v) => t with { Patience = v })
            .Add(new Option<int?>("--min-len") { Description = "Shortest generated sequence (default: the task's minimum)." }, (t, v) => t with { MinLength = v })
            .Add(new Option<int?>("--token-at") { Description = "Position k of the token-at task." }, (t, v) => t with { TokenAtPosition = v })
            .Add(new Option<int?>("--offset") { Description = "Offset k of the match-back task (default 3)." }, (t, v) => t with { Offset = v })
            .Add(new Option<int?>("--seed") { Description = "Fixes data, initialisation and order." }, (t, v) => t with { Seed = v });

        Command = new Command("train", "Train token + position embeddings (and an optional encoder) on a dummy task or on your own text file (--data).");
        foreach (var option in _trainingFlags.Options.Concat(_modelFlags.Options).Concat(_dataFlags.Options).Concat([_spec, _out, _resume]))
        {
            Command.Options.Add(option);
        }
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

            var planned = Trainer.ReadState(resumeDir);
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
            var model = _modelFlags.Apply(parse, spec.Model);
            var training = _trainingFlags.Apply(parse, spec.Training);
            if (training.Data is not null || parse.GetValue(_data) is not null)
            {
                var data = _dataFlags.Apply(parse, training.Data ?? new Training.Corpus.CorpusSettings());
                _ = data.ResolvedFormat();
                _ = Text.TextTokenizer.Parse(data.Tokenizer);
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
