using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Text;

/// <summary>
/// A user's text file (TSV, CSV or lines), streamed and tokenised by the tokenizer a model names —
/// ML.NET's own transforms for words and characters, so the tokens are exactly those a pipeline built
/// with the same transforms produces. Rows are read lazily, in file order: memory does not grow with
/// the file. Training (<c>train --data</c>) and bulk scoring (<c>embed-file</c>) both read through it.
/// </summary>
public sealed class TextFile
{
    private readonly IDataView _data;

    private readonly TextFileFormat _format;
    private readonly int _headerFields;

    private TextFile(string path, TextFileFormat format, int headerFields, IDataView data, TextTokenizer tokenizer, bool hasLabel, bool hasId)
    {
        (Path, _format, _headerFields, _data, Tokenizer, HasLabel, HasId) = (path, format, headerFields, data, tokenizer, hasLabel, hasId);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>How its text is split.</summary>
    public TextTokenizer Tokenizer { get; }

    /// <summary>True when rows carry a label.</summary>
    public bool HasLabel { get; }

    /// <summary>True when rows carry an id.</summary>
    public bool HasId { get; }

    /// <summary>The format a setting names, else the one the extension suggests (.tsv, .csv, anything else: lines).</summary>
    /// <exception cref="FormatException">An unknown format name.</exception>
    public static TextFileFormat ResolveFormat(string? format, string path) => (format?.ToLowerInvariant(), System.IO.Path.GetExtension(path).ToLowerInvariant()) switch
    {
        ("tsv", _) or (null, ".tsv") => TextFileFormat.Tsv,
        ("csv", _) or (null, ".csv") => TextFileFormat.Csv,
        ("lines", _) or (null, _) => TextFileFormat.Lines,
        _ => throw new FormatException($"Unknown text file format '{format}'; expected tsv, csv or lines."),
    };

    /// <summary>Opens <paramref name="path"/> and checks its header for the named columns.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its layout.</param>
    /// <param name="textColumn">The text column (TSV/CSV; a lines file is all text).</param>
    /// <param name="tokenizer">How text becomes tokens; ML.NET word tokens by default.</param>
    /// <param name="labelColumn">A label column to read along, if any.</param>
    /// <param name="idColumn">An id column to read along, if any (TSV/CSV).</param>
    /// <remarks>CSV is read as RFC 4180 (quoted fields may hold commas, doubled quotes and line breaks), TSV
    /// as IANA text/tab-separated-values (no quoting); see <see cref="Rows"/> for the records' checks.</remarks>
    /// <exception cref="InvalidTextFileException">Missing file, missing column (the columns found are listed), an empty header, or a column named for a lines file.</exception>
    public static TextFile Open(string path, TextFileFormat format, string? textColumn = null, TextTokenizer? tokenizer = null, string? labelColumn = null, string? idColumn = null)
    {
        tokenizer ??= TextTokenizer.Parse(null);
        if (!File.Exists(path))
        {
            throw new InvalidTextFileException(path, "the file does not exist.");
        }

        var ml = new MLContext(seed: 0);
        IDataView data;
        var headerFields = 0;
        if (format == TextFileFormat.Lines)
        {
            if (labelColumn is not null || idColumn is not null)
            {
                throw new InvalidTextFileException(path, $"a lines file has no columns, so it has no {(labelColumn is not null ? "label" : "id")} column '{labelColumn ?? idColumn}'; use a TSV or CSV file with a header.");
            }

            // Whole lines, tabs included: streamed from the file, not split by a loader.
            data = ml.Data.LoadFromEnumerable(Lines(path));
        }
        else
        {
            var header = DelimitedText.ReadHeader(ml, path, format);
            headerFields = header.Length;
            var columns = new List<(string, int)>
            {
                ("Text", IndexOf(header, textColumn ?? throw new InvalidTextFileException(path, "name the text column (--text-column)."), path)),
            };
            if (labelColumn is not null)
            {
                columns.Add(("Label", IndexOf(header, labelColumn, path)));
            }

            if (idColumn is not null)
            {
                columns.Add(("Id", IndexOf(header, idColumn, path)));
            }

            data = DelimitedText.Load(ml, path, format, columns);
        }

        var tokens = tokenizer.MlNetTokens(ml, "Tokens", "Text")?.Fit(data).Transform(data) ?? data;
        return new TextFile(path, format, headerFields, tokens, tokenizer, labelColumn is not null, idColumn is not null);
    }

    /// <summary>
    /// Streams the rows in file order. With <paramref name="include"/>, only rows whose index it
    /// accepts are tokenised and returned (the others are read past, not split), so a shard of a large
    /// file costs little more than its share. Every record of a TSV or CSV file is checked, included
    /// or not, so that all shards of a file agree on its rows.
    /// </summary>
    /// <exception cref="InvalidTextFileException">A record whose field count differs from the header's, or a CSV quote never closed.</exception>
    public IEnumerable<TextFileRow> Rows(Func<long, bool>? include = null)
    {
        // ML.NET computes a transform's value only when its getter is called: rows left out are not tokenised.
        var source = _data.Schema[Tokenizer.IsMlNetPipeline ? "Tokens" : "Text"];
        var label = HasLabel ? _data.Schema["Label"] : (DataViewSchema.Column?)null;
        var id = HasId ? _data.Schema["Id"] : (DataViewSchema.Column?)null;
        var fields = _format == TextFileFormat.Lines ? (DataViewSchema.Column?)null : _data.Schema[DelimitedText.FieldsColumn];
        using var cursor = _data.GetRowCursor(new[] { source, label, id, fields }.OfType<DataViewSchema.Column>());
        var checkFields = fields is { } f ? DelimitedText.FieldCountCheck(cursor, f, Path, _format, _headerFields) : null;
        var readLabel = label is { } l ? TokenStrings.Text(cursor, l) : null;
        var readId = id is { } i ? TokenStrings.Text(cursor, i) : null;
        var readTokens = TokenStrings.Reader(cursor, source, Tokenizer);
        for (long index = 0; DelimitedText.MoveNext(cursor, Path); index++)
        {
            checkFields?.Invoke(index);
            if (include is null || include(index))
            {
                yield return new TextFileRow(index, readTokens(), readLabel?.Invoke(), readId?.Invoke());
            }
        }
    }

    /// <summary>Each enumeration opens the file anew (ML.NET may read a view with several cursors at once).</summary>
    private static IEnumerable<TextLine> Lines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            yield return new TextLine { Text = line };
        }
    }

    private static int IndexOf(string[] header, string name, string path)
    {
        var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new InvalidTextFileException(path, $"no column named '{name}'; the header has: {string.Join(", ", header)}.");
    }
}
