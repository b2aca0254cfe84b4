namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// A weights file that cannot be imported as asked. The message is one line that names the file and
/// the cause (for a malformed entry: the tensor and the field); a native error that caused it is the
/// <see cref="Exception.InnerException"/>, its libtorch backtrace kept out of the message.
/// </summary>
public sealed class InvalidWeightsException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {NativeErrorText.OneLine(reason)}", inner), Contract.IBadInputException
{
    /// <summary>The weights file.</summary>
    public string Path { get; } = path;
}
