using MlNetPositional.Contract;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Data;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Training.Tasks;

/// <summary>
/// Evaluates a dummy-task run (its model and task head) on freshly generated sequences of chosen
/// lengths, past the training lengths if asked: the library behind the CLI's <c>evaluate</c>.
/// </summary>
public static class TaskEvaluator
{
    private const int BatchSize = 256;

    /// <summary>Generates <see cref="TaskEvaluationOptions.Samples"/> sequences of the run's task and scores the run on them.</summary>
    /// <param name="runDir">A training run directory of a dummy task.</param>
    /// <param name="options">Lengths, count, seed.</param>
    /// <exception cref="InvalidCheckpointException">The directory holds no readable checkpoint.</exception>
    /// <exception cref="ArgumentException">The run trained on a corpus, fewer than 1 sample, or lengths the task cannot generate (named).</exception>
    public static TaskEvaluation Evaluate(string runDir, TaskEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1, nameof(options.Samples));
        var (state, model) = CheckpointModel.Load(new RunFiles(runDir).Checkpoint);
        using var _ = model;
        var settings = state.Training;
        if (settings.Data is not null)
        {
            throw new ArgumentException("this run trained on a corpus; only dummy-task runs are evaluated on generated sequences.", nameof(runDir));
        }

        var maxLength = options.MaxLength ?? state.Model.MaxLength;
        var minLength = options.MinLength ?? settings.MinLength;
        var limit = state.Model.Positional.HasLengthLimit() ? state.Model.MaxLength : (int?)null;
        if (maxLength > limit)
        {
            return new TaskEvaluation(settings.Task, minLength, maxLength, options.Samples, null, null,
                $"not applicable: {state.Model.Positional.ToName()} positions stop at the table's {limit} rows");
        }

        var task = PositionalTask.Create(settings.Task, new Vocabulary(state.Vocabulary), maxLength, minLength, settings.TokenAtPosition, options.Offset ?? settings.Offset);
        var samples = options.Samples;
        var data = new TaskData(task, state.Model.PadId, options.Seed, Math.Min(BatchSize, samples), (samples + BatchSize - 1) / BatchSize);
        var (_, accuracy) = Evaluator.Evaluate(model, data.HeldOut, options.ShufflePositions ? new Random(options.Seed) : null);
        var counts = data.HeldOut.SelectMany(b => b.Labels).Where(l => l != TaskBatch.IgnoredLabel).GroupBy(l => l).Select(g => g.LongCount()).ToList();
        return new TaskEvaluation(settings.Task, minLength, maxLength, data.HeldOut.Sum(b => b.Rows), accuracy, (double)counts.Max() / counts.Sum(), null);
    }
}
