using System.Globalization;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Cli.Progress;

/// <summary>One-line text of a training step, shared by the plain and live progress views.</summary>
internal static class ProgressText
{
    /// <summary>e.g. <c>step 100/400  loss 0.1234  lr 2.9e-03  eval_loss 0.1000  eval_acc 0.9712  3.1 s</c>.</summary>
    public static string Line(TrainingProgress p)
    {
        var eval = p.EvalLoss is { } loss
            ? string.Create(CultureInfo.InvariantCulture, $"  eval_loss {loss:F4}  eval_acc {p.EvalAccuracy:F4}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps}  loss {p.Loss:F4}  lr {p.LearningRate:0.0e+00}{eval}  {p.Seconds:F1} s");
    }
}
