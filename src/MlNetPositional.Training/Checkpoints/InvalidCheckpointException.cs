namespace MlNetPositional.Training.Checkpoints;

/// <summary>A checkpoint that cannot be read; the message names the file and what is wrong with it.</summary>
public sealed class InvalidCheckpointException : Exception, Contract.IBadInputException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public InvalidCheckpointException(string path, string reason, Exception? inner = null)
        : base($"Cannot read checkpoint {path}: {reason}", inner)
    {
        Path = path;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }
}
