using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Training.Corpus;

/// <summary>
/// A user's text file, streamed and tokenised by ML.NET itself — <c>NormalizeText</c> (lower case,
/// diacritics removed, punctuation and numbers kept) then <c>TokenizeIntoWords</c> (split on spaces),
/// both with their defaults, or <c>TokenizeIntoCharactersAsKeys</c> for characters — so the tokens
/// seen in training are exactly those a pipeline built with the same transforms produces. Rows are
/// read lazily, in file order: memory does not grow with the file.
/// </summary>
public sealed class TextCorpus : ITokenRows
{
    /// <summary>How the text is tokenised, as recorded in model metadata.</summary>
    public const string TokenizerDescription = "mlnet:NormalizeText(case=lower,keepDiacritics=false,keepPunctuations=true,keepNumbers=true)+TokenizeIntoWords(separators=' ')";

    /// <summary>How the <c>chars</c> tokenizer splits text, as recorded in model metadata.</summary>
    public const string CharacterTokenizerDescription = "mlnet:TokenizeIntoCharactersAsKeys(useMarkerCharacters=true)";

    private readonly IDataView _tokens;

    private readonly CorpusTokenizer _tokenizer;

    private TextCorpus(string path, IDataView tokens, bool hasLabel, CorpusTokenizer tokenizer)
    {
        (Path, _tokens, HasLabel, _tokenizer) = (path, tokens, hasLabel, tokenizer);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Source => Path;

    /// <summary>True when rows carry a label.</summary>
    public bool HasLabel { get; }

    /// <summary>Opens <paramref name="path"/>; checks the header for the named columns.</summary>
    /// <exception cref="InvalidCorpusException">Missing file, missing column (the columns found are listed), or an empty header.</exception>
    /// <param name="path">The corpus file.</param>
    /// <param name="format">Its layout.</param>
    /// <param name="textColumn">The text column (TSV/CSV).</param>
    /// <param name="labelColumn">The label column, if any.</param>
    /// <param name="tokenizer">How text becomes tokens; ML.NET word tokens by default.</param>
    public static TextCorpus Open(string path, CorpusFormat format, string? textColumn = null, string? labelColumn = null, CorpusTokenizer? tokenizer = null)
    {
        tokenizer ??= CorpusTokenizer.Parse(null);
        if (!File.Exists(path))
        {
            throw new InvalidCorpusException(path, "the file does not exist.");
        }

        var ml = new MLContext(seed: 0);
        IDataView data;
        if (format == CorpusFormat.Lines)
        {
            // Whole lines, tabs included: streamed from the file, not split by a loader.
            data = ml.Data.LoadFromEnumerable(Lines(path));
        }
        else
        {
            var separator = format == CorpusFormat.Tsv ? '\t' : ',';
            var header = ReadHeader(path, separator);
            var text = IndexOf(header, textColumn ?? throw new InvalidCorpusException(path, "name the text column (--text-column)."), path);
            TextLoader.Column[] columns = labelColumn is null
                ? [new TextLoader.Column("Text", DataKind.String, text)]
                : [new TextLoader.Column("Text", DataKind.String, text), new TextLoader.Column("Label", DataKind.String, IndexOf(header, labelColumn, path))];
            data = ml.Data.CreateTextLoader(new TextLoader.Options { HasHeader = true, Separators = [separator], AllowQuoting = format == CorpusFormat.Csv, Columns = columns }).Load(path);
        }

        var tokens = tokenizer.Name switch
        {
            CorpusTokenizer.MlNetWords => ml.Transforms.Text.NormalizeText("Normalized", "Text").Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized")).Fit(data).Transform(data),
            CorpusTokenizer.Characters => ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Tokens", "Text").Fit(data).Transform(data),
            _ => data,
        };
        return new TextCorpus(path, tokens, labelColumn is not null, tokenizer);
    }

    /// <summary>A file is read in its own order, every epoch.</summary>
    public IEnumerable<CorpusRow> TrainingOrder(long epoch) => Rows();

    /// <summary>Streams every row (tokens and label) in file order.</summary>
    public IEnumerable<CorpusRow> Rows()
    {
        // Word and character tokens come out of the ML.NET pipeline as a vector; subwords are made here from the text.
        var byMlNet = _tokenizer.Name is CorpusTokenizer.MlNetWords or CorpusTokenizer.Characters;
        var source = _tokens.Schema[byMlNet ? "Tokens" : "Text"];
        var labelColumn = HasLabel ? _tokens.Schema["Label"] : (DataViewSchema.Column?)null;
        using var cursor = _tokens.GetRowCursor(labelColumn is { } l ? [source, l] : [source]);
        var getLabel = labelColumn is { } column ? cursor.GetGetter<ReadOnlyMemory<char>>(column) : null;
        var readTokens = _tokenizer.Name switch
        {
            CorpusTokenizer.MlNetWords => WordReader(cursor, source),
            CorpusTokenizer.Characters => CharacterReader(cursor, source),
            _ => SubwordReader(cursor, source),
        };
        var label = default(ReadOnlyMemory<char>);
        long index = 0;
        while (cursor.MoveNext())
        {
            getLabel?.Invoke(ref label);
            yield return new CorpusRow(index++, readTokens(), getLabel is null ? null : label.ToString());
        }
    }

    private static Func<string[]> WordReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
        var tokens = default(VBuffer<ReadOnlyMemory<char>>);
        return () =>
        {
            getter(ref tokens);
            return [.. tokens.DenseValues().Select(t => t.ToString())];
        };
    }

    /// <summary>Character keys as the text of their key values (control characters and space are shown as ML.NET names them, e.g. &lt;␂&gt;).</summary>
    private static Func<string[]> CharacterReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetKeyValues(ref names);
        var text = names.DenseValues().Select(n => n.ToString()).ToArray();
        var getter = cursor.GetGetter<VBuffer<ushort>>(column);
        var keys = default(VBuffer<ushort>);
        return () =>
        {
            getter(ref keys);
            return [.. keys.DenseValues().Where(k => k > 0).Select(k => text[k - 1])];
        };
    }

    private Func<string[]> SubwordReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        var text = default(ReadOnlyMemory<char>);
        return () =>
        {
            getter(ref text);
            return _tokenizer.Tokenize(text.ToString());
        };
    }

    /// <summary>Each enumeration opens the file anew (ML.NET may read a view with several cursors at once).</summary>
    private static IEnumerable<LineRow> Lines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            yield return new LineRow { Text = line };
        }
    }

    private sealed class LineRow
    {
        public string Text { get; set; } = "";
    }

    private static string[] ReadHeader(string path, char separator)
    {
        using var reader = new StreamReader(path);
        var line = reader.ReadLine();
        return string.IsNullOrWhiteSpace(line)
            ? throw new InvalidCorpusException(path, "the header row is empty; TSV and CSV corpora start with a header naming their columns.")
            : [.. line.Split(separator).Select(h => h.Trim().Trim('"'))];
    }

    private static int IndexOf(string[] header, string name, string path)
    {
        var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new InvalidCorpusException(path, $"no column named '{name}'; the header has: {string.Join(", ", header)}.");
    }
}
