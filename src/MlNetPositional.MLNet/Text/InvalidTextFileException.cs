using MlNetPositional.Contract;

namespace MlNetPositional.Text;

/// <summary>A text file that cannot be read as asked; the message names the file and the cause.</summary>
/// <param name="path">The file.</param>
/// <param name="reason">What is wrong, as a sentence.</param>
public sealed class InvalidTextFileException(string path, string reason) : Exception($"{path}: {reason}"), IBadInputException
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;
}
