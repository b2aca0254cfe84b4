using MlNetPositional.Text;

namespace MlNetPositional.Training.Corpus;

/// <summary>
/// A user's text file as training rows: a <see cref="TextFile"/> (the same reader and tokenizers
/// <c>embed-file</c> uses, so a model is scored on exactly the tokens it was trained on) read in file
/// order, lazily, every epoch.
/// </summary>
internal sealed class TextCorpus : ITokenRows
{
    private readonly TextFile _file;

    private TextCorpus(TextFile file) => _file = file;

    /// <summary>The file.</summary>
    public string Path => _file.Path;

    /// <inheritdoc />
    public string Source => _file.Path;

    /// <summary>True when rows carry a label.</summary>
    public bool HasLabel => _file.HasLabel;

    /// <summary>Opens <paramref name="path"/>; checks the header for the named columns.</summary>
    /// <exception cref="InvalidTextFileException">Missing file, missing column (the columns found are listed), or an empty header.</exception>
    /// <param name="path">The corpus file.</param>
    /// <param name="format">Its layout.</param>
    /// <param name="textColumn">The text column (TSV/CSV).</param>
    /// <param name="labelColumn">The label column, if any.</param>
    /// <param name="tokenizer">How text becomes tokens; ML.NET word tokens by default.</param>
    public static TextCorpus Open(string path, TextFileFormat format, string? textColumn = null, string? labelColumn = null, TextTokenizer? tokenizer = null) =>
        new(TextFile.Open(path, format, textColumn, tokenizer, labelColumn));

    /// <summary>A file is read in its own order, every epoch.</summary>
    public IEnumerable<CorpusRow> TrainingOrder(long epoch) => Rows();

    /// <summary>Streams every row (tokens and label) in file order.</summary>
    public IEnumerable<CorpusRow> Rows() => _file.Rows().Select(row => new CorpusRow(row.Index, row.Tokens, row.Label));
}
