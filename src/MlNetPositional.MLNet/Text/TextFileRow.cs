namespace MlNetPositional.Text;

/// <summary>One row of a <see cref="TextFile"/>.</summary>
/// <param name="Index">The row's position in the file, 0-based, header excluded.</param>
/// <param name="Tokens">Its text as the file's tokenizer splits it.</param>
/// <param name="Label">The label column's text, when one was named.</param>
/// <param name="Id">The id column's text, when one was named.</param>
public sealed record TextFileRow(long Index, string[] Tokens, string? Label, string? Id);
