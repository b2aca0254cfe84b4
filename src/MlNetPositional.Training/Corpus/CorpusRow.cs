namespace MlNetPositional.Training.Corpus;

/// <summary>One row of a corpus: a stable index (its position in a file, its row id in a data view), its tokens and its label, if any.</summary>
/// <param name="Index">Stable across reads and orders; decides whether the row is held out.</param>
/// <param name="Tokens">Text tokens, looked up in the vocabulary built from the data (empty when <paramref name="Ids"/> is given).</param>
/// <param name="Label">The class label; null for masked-token prediction, or where the label is missing (the row is then skipped).</param>
/// <param name="Ids">Token ids used as they are, for sources of integer ids.</param>
internal sealed record CorpusRow(long Index, string[] Tokens, string? Label, int[]? Ids = null)
{
    /// <summary>Number of tokens.</summary>
    public int Length => Ids?.Length ?? Tokens.Length;
}
