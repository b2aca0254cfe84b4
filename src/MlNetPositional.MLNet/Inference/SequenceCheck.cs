namespace MlNetPositional.Inference;

/// <summary>
/// The one place where a sequence of token ids is checked before it reaches ONNX Runtime: ids in
/// [0, vocab_size), length within the position table. Each caller checks each row once.
/// </summary>
internal static class SequenceCheck
{
    /// <summary>Throws unless <paramref name="length"/> fits the position table.</summary>
    /// <param name="length">Tokens in the row.</param>
    /// <param name="maxLength">The model's max length.</param>
    /// <param name="row">The row, for the message.</param>
    /// <param name="column">The ML.NET column the row came from, if any.</param>
    public static void Length(int length, int maxLength, long row, string? column = null)
    {
        if (length > maxLength)
        {
            var where = column is null ? $"Row {row}" : $"Row {row} of column '{column}'";
            throw new PositionalInputException($"{where} has {length} tokens; the model's max length is {maxLength}.", row);
        }
    }

    /// <summary>Throws unless <paramref name="id"/> is in the vocabulary.</summary>
    public static long Id(long id, int vocabularySize, long row, int position) =>
        id >= 0 && id < vocabularySize
            ? id
            : throw new PositionalInputException($"Token id {id} at row {row}, position {position} is outside the vocabulary [0, {vocabularySize}).", row, position);
}
