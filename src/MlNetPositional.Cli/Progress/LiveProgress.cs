using MlNetPositional.Training.Runs;
using Spectre.Console;

namespace MlNetPositional.Cli.Progress;

/// <summary>A Spectre.Console progress bar for terminals; the last evaluation is shown in the description.</summary>
internal static class LiveProgress
{
    /// <summary>Runs <paramref name="train"/> while drawing a bar of <paramref name="totalSteps"/> steps.</summary>
    public static TrainingMetrics Run(long totalSteps, Func<IProgress<TrainingProgress>, TrainingMetrics> train) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: totalSteps);
                return train(new BarProgress(task));
            });

    private sealed class BarProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        private string _eval = "";

        public void Report(TrainingProgress value)
        {
            if (value.EvalAccuracy is { } accuracy)
            {
                _eval = $" eval_acc {accuracy:F3}";
            }

            task.Description = Markup.Escape($"step {value.Step} loss {value.Loss:F3}{_eval}");
            task.Value = value.Step;
        }
    }
}
