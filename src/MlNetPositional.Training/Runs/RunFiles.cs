namespace MlNetPositional.Training.Runs;

/// <summary>The files of a training run directory.</summary>
public sealed class RunFiles(string directory)
{
    /// <summary>The run directory.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Weights, optimizer state, config, vocabulary, step and data-order state, in one file.</summary>
    public string Checkpoint => Path.Combine(Directory, "checkpoint.bin");

    /// <summary>The model configuration as JSON.</summary>
    public string Config => Path.Combine(Directory, "config.json");

    /// <summary>One CSV row per step.</summary>
    public string Log => Path.Combine(Directory, "train-log.csv");

    /// <summary>Final metrics as JSON.</summary>
    public string Metrics => Path.Combine(Directory, "metrics.json");
}
