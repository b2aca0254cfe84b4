namespace MlNetPositional.Training.Corpus;

/// <summary>A corpus file that cannot be read as asked; the message names the file and the cause.</summary>
public sealed class InvalidCorpusException(string path, string reason) : Exception($"{path}: {reason}"), Contract.IBadInputException
{
    /// <summary>The corpus file.</summary>
    public string Path { get; } = path;
}
