namespace MlNetPositional.Contract;

/// <summary>A model configuration that cannot describe a model; the message lists every problem.</summary>
public sealed class InvalidModelConfigException : Exception, IBadInputException
{
    /// <summary>Creates the exception for the problems found in <paramref name="source"/>.</summary>
    public InvalidModelConfigException(string source, IReadOnlyList<string> problems)
        : base($"Invalid {source}: {string.Join(" ", problems)}")
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>Where the configuration came from.</summary>
    public new string Source { get; }

    /// <summary>Each problem as a sentence.</summary>
    public IReadOnlyList<string> Problems { get; }
}
