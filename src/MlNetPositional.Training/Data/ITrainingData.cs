namespace MlNetPositional.Training.Data;

/// <summary>
/// What the trainer trains on: seeded held-out batches and a training batch per step. Batch s must be
/// a function of the seed and s alone, so a resumed run sees the batches an uninterrupted one would.
/// </summary>
internal interface ITrainingData
{
    /// <summary>The held-out evaluation batches.</summary>
    IReadOnlyList<TaskBatch> HeldOut { get; }

    /// <summary>Number of classes the head predicts.</summary>
    int Classes { get; }

    /// <summary>True when every token has a label (per-token head), false for one label per sequence.</summary>
    bool IsPerToken { get; }

    /// <summary>The training batch of 1-based step <paramref name="step"/>.</summary>
    TaskBatch TrainingBatch(long step);
}
