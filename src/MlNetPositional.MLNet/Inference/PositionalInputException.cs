namespace MlNetPositional.Inference;

/// <summary>
/// A token sequence the model cannot take (an id outside the vocabulary, a negative id, a sequence
/// longer than the position table, an empty sequence where one is not allowed). The message names
/// the row, the position and the value; nothing is sent to ONNX Runtime.
/// </summary>
public sealed class PositionalInputException : ArgumentException, Contract.IBadInputException
{
    /// <summary>Creates the exception for <paramref name="row"/> (0-based).</summary>
    public PositionalInputException(string message, long row, int? position = null)
        : base(message)
    {
        Row = row;
        Position = position;
    }

    /// <summary>The offending row, 0-based.</summary>
    public long Row { get; }

    /// <summary>The offending position in the row, 0-based, when one position is at fault.</summary>
    public int? Position { get; }
}
