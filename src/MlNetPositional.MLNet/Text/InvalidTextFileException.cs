using MlNetPositional.Contract;

namespace MlNetPositional.Text;

/// <summary>A text file that cannot be read as asked; the message names the file and the cause.</summary>
public sealed class InvalidTextFileException : Exception, IBadInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reason">What is wrong, as a sentence.</param>
    /// <param name="inner">The reader's own exception, when there is one.</param>
    public InvalidTextFileException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
    }

    /// <summary>The file.</summary>
    public string Path { get; }
}
