namespace MlNetPositional.Contract;

/// <summary>
/// Marks the exceptions that report input this project cannot use (a model file, a spec, a
/// checkpoint, a corpus, a token sequence, a command-line argument); the message names the value and
/// where it came from. One marker instead of one base class, because the exception types keep the
/// bases their callers expect (<see cref="ArgumentException"/> for a bad token sequence in ML.NET).
/// The CLI prints such an exception as one line and exits with code 2.
/// </summary>
public interface IBadInputException
{
    /// <summary>What is wrong, naming the value and where it came from.</summary>
    string Message { get; }
}
