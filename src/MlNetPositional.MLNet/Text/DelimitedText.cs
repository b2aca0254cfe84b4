using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Text;

/// <summary>
/// How a TSV or CSV file is split into records, with ML.NET's TextLoader so that a file reads here as
/// it does in a user's own <c>LoadFromTextFile</c>. CSV follows RFC 4180, as Excel and pandas write it:
/// a quoted field may hold separators, doubled quotes and line breaks (<c>allowQuoting</c> and
/// <c>readMultilines</c>). TSV follows the IANA text/tab-separated-values definition: no quoting, so
/// a field cannot hold a tab or a line break. Either way every record must have as many fields as
/// the header: a record broken by a line break, or a field holding an unquoted separator, would
/// otherwise shift or cut the text silently, and every later row index with it.
/// </summary>
internal static class DelimitedText
{
    /// <summary>The column holding all of a record's fields, read only to count them.</summary>
    public const string FieldsColumn = "Fields";

    /// <summary>The header's field names, split by the same rules as the records.</summary>
    /// <exception cref="InvalidTextFileException">An empty first line.</exception>
    public static string[] ReadHeader(MLContext ml, string path, TextFileFormat format)
    {
        using (var reader = new StreamReader(path))
        {
            // ML.NET skips blank lines, so it would take a data row for the header: refuse instead.
            if (string.IsNullOrWhiteSpace(reader.ReadLine()))
            {
                throw new InvalidTextFileException(path, "the header row is empty; TSV and CSV files start with a header naming their columns.");
            }
        }

        var header = Loader(ml, format, hasHeader: false, []).Load(path);
        using var cursor = header.GetRowCursor(header.Schema);
        var fields = default(VBuffer<ReadOnlyMemory<char>>);
        var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(header.Schema[FieldsColumn]);
        MoveNext(cursor, path);
        getter(ref fields);
        return [.. fields.DenseValues().Select(f => f.ToString().Trim().Trim('"'))];
    }

    /// <summary>Loads the records with the named columns (name, index in the header) and <see cref="FieldsColumn"/>.</summary>
    public static IDataView Load(MLContext ml, string path, TextFileFormat format, IEnumerable<(string Name, int Index)> columns) =>
        Loader(ml, format, hasHeader: true, [.. columns.Select(c => new TextLoader.Column(c.Name, DataKind.String, c.Index))]).Load(path);

    /// <summary>
    /// A check to call on each record, 0-based after the header: refuses a record whose field count
    /// differs from the header's, naming it and showing its start so that it can be found.
    /// </summary>
    public static Action<long> FieldCountCheck(DataViewRowCursor cursor, DataViewSchema.Column fieldsColumn, string path, TextFileFormat format, int headerFields)
    {
        var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(fieldsColumn);
        var fields = default(VBuffer<ReadOnlyMemory<char>>);
        return record =>
        {
            getter(ref fields);
            if (fields.Length != headerFields)
            {
                var start = string.Join(format == TextFileFormat.Tsv ? "\\t" : ",", fields.DenseValues().Take(3).Select(f => f.ToString()));
                var hint = format == TextFileFormat.Tsv
                    ? "a TSV field cannot hold a tab or a line break (IANA text/tab-separated-values): replace them, or write the file as CSV with the field in double quotes"
                    : "a CSV field that holds a comma, a double quote or a line break must be enclosed in double quotes, with inner quotes doubled (RFC 4180)";
                throw new InvalidTextFileException(path,
                    $"record {record + 1} after the header has {fields.Length} field(s) where the header has {headerFields} (its fields begin: {Shorten(start)}); {hint}.");
            }
        };
    }

    /// <summary>Advances the cursor, turning the loader's parse failure (an unclosed quote) into a message about the file.</summary>
    /// <exception cref="InvalidTextFileException">The file cannot be split into records.</exception>
    public static bool MoveNext(DataViewRowCursor cursor, string path)
    {
        try
        {
            return cursor.MoveNext();
        }
        catch (FormatException e)
        {
            // ML.NET reads ahead on another thread, so the record being read says nothing; its own message
            // has the line, counted from 0 (checked: a quote opened on a file's third line is "line 2").
            var cause = e.InnerException?.InnerException?.Message ?? e.InnerException?.Message ?? e.Message;
            var line = Regex.Match(cause, @"opened on line (\d+) was never closed");
            var where = line.Success ? $"the quoted field opened on line {long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) + 1} is never closed" : $"a quoted field is never closed ({cause})";
            throw new InvalidTextFileException(path,
                $"cannot be split into records: {where}, so the rest of the file would be one field (RFC 4180: end it with a double quote; a quote inside a quoted field is doubled).", e);
        }
    }

    private static TextLoader Loader(MLContext ml, TextFileFormat format, bool hasHeader, TextLoader.Column[] columns) =>
        ml.Data.CreateTextLoader(new TextLoader.Options
        {
            HasHeader = hasHeader,
            Separators = [format == TextFileFormat.Tsv ? '\t' : ','],
            AllowQuoting = format == TextFileFormat.Csv,
            ReadMultilines = format == TextFileFormat.Csv,
            Columns =
            [
                .. columns,
                new(FieldsColumn, DataKind.String, [new TextLoader.Range(0, null) { AutoEnd = false, VariableEnd = true }]),
            ],
        });

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
