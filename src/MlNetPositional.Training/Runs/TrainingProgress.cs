namespace MlNetPositional.Training.Runs;

/// <summary>What the trainer reports after each step; evaluation fields are set on evaluation steps.</summary>
/// <param name="Step">1-based step just completed.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Training loss of this step's batch.</param>
/// <param name="LearningRate">Learning rate used for this step.</param>
/// <param name="Seconds">Wall-clock seconds of training so far, across resumes.</param>
/// <param name="EvalLoss">Held-out loss, on evaluation steps.</param>
/// <param name="EvalAccuracy">Held-out accuracy in [0, 1], on evaluation steps.</param>
public sealed record TrainingProgress(
    long Step, long TotalSteps, double Loss, double LearningRate, double Seconds, double? EvalLoss = null, double? EvalAccuracy = null);
