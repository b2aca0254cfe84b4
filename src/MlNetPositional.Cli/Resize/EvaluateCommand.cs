using System.CommandLine;
using System.Globalization;
using MlNetPositional.Contract;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Cli.Resize;

/// <summary>
/// <c>evaluate --checkpoint DIR [--min-len A] [--max-len B] [--batches N] [--seed S]</c>: held-out
/// accuracy of a dummy-task run on sequences of lengths A..B (for example, past the length it was trained at).
/// </summary>
public sealed class EvaluateCommand : ICliVerb
{
    private readonly Option<string> _checkpoint = new("--checkpoint") { Description = "Training run directory of a dummy task.", Required = true };
    private readonly Option<int?> _minLength = new("--min-len") { Description = "Shortest sequence (default: the task's minimum)." };
    private readonly Option<int?> _maxLength = new("--max-len") { Description = "Longest sequence (default and at most: the model's max length)." };
    private readonly Option<int> _batches = new("--batches") { Description = "Batches of the run's batch size.", DefaultValueFactory = _ => 8 };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the generated sequences.", DefaultValueFactory = _ => 12345 };

    /// <summary>Creates the command.</summary>
    public EvaluateCommand() => Command = new Command("evaluate", "Accuracy of a dummy-task run on generated sequences of given lengths.") { _checkpoint, _minLength, _maxLength, _batches, _seed };

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

        var (state, model) = CheckpointModel.Load(new RunFiles(checkpoint).Checkpoint);
        using var _ = model;
        if (state.Training.Data is not null)
        {
            throw new UsageException("evaluate generates dummy-task sequences; this run trained on a corpus.");
        }

        var maxLength = parse.GetValue(_maxLength) ?? state.Model.MaxLength;
        if (maxLength > state.Model.MaxLength || maxLength < 1)
        {
            throw new UsageException($"--max-len {maxLength}: must be 1..{state.Model.MaxLength} (the model's max length).");
        }

        var settings = state.Training;
        var minLength = parse.GetValue(_minLength) ?? settings.MinLength;
        PositionalTask task;
        try
        {
            task = PositionalTask.Create(settings.Task, new Vocabulary(state.Vocabulary), maxLength, minLength, settings.TokenAtPosition);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var data = new TaskData(task, state.Model.PadId, parse.GetValue(_seed), settings.BatchSize, parse.GetValue(_batches));
        var (loss, accuracy) = Evaluator.Evaluate(model, data.HeldOut);
        context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Task.ToName()} lengths {minLength?.ToString(CultureInfo.InvariantCulture) ?? "min"}..{maxLength}: accuracy {accuracy:F4}, loss {loss:F4}"));
        return ExitCodes.Success;
    }
}
