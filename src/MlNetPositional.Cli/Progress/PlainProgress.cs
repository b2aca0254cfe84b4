using MlNetPositional.Training.Runs;

namespace MlNetPositional.Cli.Progress;

/// <summary>
/// Progress for redirected output (CI logs, files): one line per evaluation and about every 10% of
/// the run, never a carriage-return animation.
/// </summary>
internal sealed class PlainProgress(TextWriter output, long totalSteps) : IProgress<TrainingProgress>
{
    private readonly long _every = Math.Max(1, totalSteps / 10);

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        if (value.EvalLoss is null && value.Step % _every != 0)
        {
            return;
        }

        output.WriteLine(ProgressText.Line(value));
        output.Flush();
    }
}
