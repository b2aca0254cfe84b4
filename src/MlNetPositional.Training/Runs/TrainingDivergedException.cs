namespace MlNetPositional.Training.Runs;

/// <summary>
/// Training produced NaN or infinity. Raised before the bad step reaches a checkpoint, so the last
/// checkpoint on disk is the last good state.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="what"/> (a parameter name or a loss) at <paramref name="step"/>.</summary>
    /// <param name="step">The 1-based step.</param>
    /// <param name="what">The parameter or loss that went bad.</param>
    /// <param name="detail">A sentence fragment naming the bad value and where it is, e.g. "NaN in the training loss".</param>
    public TrainingDivergedException(long step, string what, string detail)
        : base($"Training diverged at step {step}: {detail}. The last checkpoint was left intact; lower the learning rate or the weight decay.")
    {
        Step = step;
        What = what;
    }

    /// <summary>The 1-based step at which the non-finite value appeared.</summary>
    public long Step { get; }

    /// <summary>"training loss", "evaluation loss" or the dotted name of the parameter whose gradient or value was not finite.</summary>
    public string What { get; }
}
