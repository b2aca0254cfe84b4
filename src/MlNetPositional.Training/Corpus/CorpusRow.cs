namespace MlNetPositional.Training.Corpus;

/// <summary>One row of a corpus: its 0-based index among data rows, its tokens and its label, if any.</summary>
public sealed record CorpusRow(long Index, string[] Tokens, string? Label);
