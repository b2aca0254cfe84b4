using MlNetPositional.Training.Specs;

namespace MlNetPositional.Training.Runs;

/// <summary>Linear warm-up to the peak, then cosine decay to <c>peak x min_lr_ratio</c> at the last step.</summary>
internal static class LearningRateSchedule
{
    /// <summary>The learning rate for 1-based <paramref name="step"/>.</summary>
    public static double At(TrainingSettings settings, long step)
    {
        var peak = settings.LearningRate;
        var warmup = settings.EffectiveWarmupSteps;
        if (step <= warmup)
        {
            return peak * step / Math.Max(1, warmup);
        }

        var decaySteps = Math.Max(1, settings.Steps - warmup);
        var progress = Math.Clamp((double)(step - warmup) / decaySteps, 0, 1);
        var floor = peak * settings.MinLearningRateRatio;
        return floor + ((peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
