namespace MlNetPositional.Training.Specs;

/// <summary>Training settings that cannot be run; the message names their source and every problem.</summary>
public sealed class InvalidTrainingSpecException : Exception, Contract.IBadInputException
{
    /// <summary>Creates the exception for the problems found in <paramref name="source"/>.</summary>
    public InvalidTrainingSpecException(string source, IReadOnlyList<string> problems)
        : base($"Invalid training settings from {source}: {string.Join(" ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>Each problem as a sentence.</summary>
    public IReadOnlyList<string> Problems { get; }
}
