using MlNetPositional.Contract;

namespace MlNetPositional.Pretrained;

/// <summary>A graph or vocabulary that is not a BERT-family encoder this library can adopt; the message lists every reason found.</summary>
public sealed class NotBertFamilyException : Exception, IBadInputException
{
    /// <summary>Creates the exception for <paramref name="source"/>.</summary>
    /// <param name="source">The file or resource adopted.</param>
    /// <param name="reasons">Every problem found, as sentences.</param>
    public NotBertFamilyException(string source, IReadOnlyList<string> reasons)
        : base($"{source}: not a BERT-family encoder this library can adopt: {string.Join(" ", reasons)}")
    {
        Reasons = reasons;
    }

    /// <summary>Every problem found, as sentences.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
