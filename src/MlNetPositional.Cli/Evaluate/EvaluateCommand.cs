using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Cli.Evaluate;

/// <summary>
/// <c>evaluate --checkpoint DIR [--task T] [--offset K] [--min-len A] [--max-len B] [--samples N] [--seed S] [--json]</c>:
/// a dummy-task run (model and task head) on freshly generated examples of lengths A..B — past the
/// training lengths if asked — with the majority-class baseline beside the accuracy. Lengths past a
/// position table are reported as not applicable.
/// </summary>
internal sealed class EvaluateCommand : ICliVerb
{
    private readonly Option<string> _checkpoint = new("--checkpoint") { Description = "Training run directory of a dummy task.", Required = true };
    private readonly Option<string?> _task = new("--task") { Description = "The task (default and only choice: the run's own; its head was trained for it)." };
    private readonly Option<int?> _offset = new("--offset") { Description = "Offset k of match-back (default: the run's)." };
    private readonly Option<int?> _minLength = new("--min-len") { Description = "Shortest sequence (default: the task's minimum)." };
    private readonly Option<int?> _maxLength = new("--max-len") { Description = "Longest sequence (default: the model's max length)." };
    private readonly Option<int> _samples = new("--samples") { Description = "Sequences generated.", DefaultValueFactory = _ => 2048 };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the generated sequences.", DefaultValueFactory = _ => 12345 };
    private readonly Option<bool> _shuffle = new("--shuffle-positions") { Description = "Give each sequence's tokens a random permutation of their positions: how much does the model lean on positions?" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (accuracy, baseline, samples, min_len, max_len, applicable)." };

    /// <summary>Creates the command.</summary>
    public EvaluateCommand() => Command = new Command("evaluate", "Accuracy of a dummy-task run on generated sequences of given lengths, with the majority-class baseline.")
    {
        _checkpoint, _task, _offset, _minLength, _maxLength, _samples, _seed, _shuffle, _json,
    };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var checkpoint = parse.GetValue(_checkpoint)!;
        if (!Directory.Exists(checkpoint))
        {
            throw new UsageException($"--checkpoint {checkpoint}: the directory does not exist.");
        }

        var settings = Trainer.ReadState(checkpoint).Training;
        if (settings.Data is not null)
        {
            throw new UsageException("evaluate generates dummy-task sequences; this run trained on a corpus.");
        }

        if (parse.GetValue(_task) is { } taskName && TaskKindNames.Parse(taskName) != settings.Task)
        {
            throw new UsageException($"--task {taskName}: this run's head was trained for {settings.Task.ToName()}.");
        }

        var samples = parse.GetValue(_samples);
        if (samples < 1)
        {
            throw new UsageException($"--samples {samples}: must be at least 1.");
        }

        TaskEvaluation result;
        try
        {
            result = TaskEvaluator.Evaluate(checkpoint, new TaskEvaluationOptions
            {
                Offset = parse.GetValue(_offset),
                MinLength = parse.GetValue(_minLength),
                MaxLength = parse.GetValue(_maxLength),
                Samples = samples,
                Seed = parse.GetValue(_seed),
                ShufflePositions = parse.GetValue(_shuffle),
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        Report(context, parse.GetValue(_json), result);
        return ExitCodes.Success;
    }

    private static void Report(CliContext context, bool json, TaskEvaluation result)
    {
        var (task, minLength, maxLength, samples, accuracy, baseline, notApplicable) = result;
        if (json)
        {
            context.Stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["task"] = task.ToName(),
                ["accuracy"] = accuracy,
                ["baseline"] = baseline,
                ["samples"] = samples,
                ["min_len"] = minLength,
                ["max_len"] = maxLength,
                ["applicable"] = notApplicable is null,
            }));
            return;
        }

        var lengths = $"{minLength?.ToString(CultureInfo.InvariantCulture) ?? "min"}..{maxLength}";
        context.Stdout.WriteLine(notApplicable is null
            ? string.Create(CultureInfo.InvariantCulture, $"{task.ToName()} lengths {lengths}: accuracy {accuracy:F4}, majority baseline {baseline:F4} ({samples} sequences)")
            : $"{task.ToName()} lengths {lengths}: {notApplicable}");
    }
}
