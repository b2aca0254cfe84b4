namespace MlNetPositional.Contract;

/// <summary>A file that is not a usable MlNetPositional ONNX model; the message names the file and the reason.</summary>
public sealed class InvalidOnnxModelException : Exception, IBadInputException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public InvalidOnnxModelException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
    }

    /// <summary>The file (or other source) that was read.</summary>
    public string Path { get; }
}
