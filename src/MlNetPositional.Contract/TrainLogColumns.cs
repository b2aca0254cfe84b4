namespace MlNetPositional.Contract;

/// <summary>
/// The columns of a run's train-log.csv, written by the trainer and read by the plots: one row per
/// step, evaluation columns empty between evaluations, invariant culture.
/// </summary>
public static class TrainLogColumns
{
    /// <summary>The step, from 1.</summary>
    public const string Step = "step";

    /// <summary>The training loss of the step.</summary>
    public const string Loss = "loss";

    /// <summary>The held-out loss, on evaluation steps.</summary>
    public const string EvalLoss = "eval_loss";

    /// <summary>The held-out accuracy, on evaluation steps.</summary>
    public const string EvalAccuracy = "eval_accuracy";

    /// <summary>The learning rate of the step.</summary>
    public const string LearningRate = "learning_rate";

    /// <summary>Seconds since the run started.</summary>
    public const string Seconds = "seconds";

    /// <summary>The columns in file order.</summary>
    public static IReadOnlyList<string> All { get; } = [Step, Loss, EvalLoss, EvalAccuracy, LearningRate, Seconds];

    /// <summary>The header row.</summary>
    public static string Header { get; } = string.Join(',', All);
}
