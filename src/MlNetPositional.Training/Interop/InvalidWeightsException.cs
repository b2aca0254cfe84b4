namespace MlNetPositional.Training.Interop;

/// <summary>A weights file that cannot be imported as asked; the message names the file and the cause.</summary>
public sealed class InvalidWeightsException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner), Contract.IBadInputException
{
    /// <summary>The weights file.</summary>
    public string Path { get; } = path;
}
