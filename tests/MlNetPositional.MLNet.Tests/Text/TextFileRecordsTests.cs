using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests.Text;

/// <summary>
/// Records of TSV and CSV files: a CSV record is what RFC 4180 says (quoted fields hold commas,
/// doubled quotes and line breaks), a TSV record is one line; a record whose field count is not the
/// header's is refused, naming it, instead of shifting text, ids and every later row index.
/// </summary>
[TestClass]
public sealed class TextFileRecordsTests
{
    [TestMethod]
    public void Csv_QuotedLineBreak_IsOneRecord_LaterRowsKeepTheirIndex()
    {
        // The reported file (shared/cases/04): record 1's text spans two lines.
        var multi = Write("multi.csv", "id,text\n1,\"the dog\nsaw the cat\"\n2,\"the \"\"cat\"\" saw, the dog\"\n3,the bird\n");
        var single = Write("single.csv", "id,text\n1,the dog saw the cat\n2,\"the \"\"cat\"\" saw, the dog\"\n3,the bird\n");

        var rows = Read(multi, TextFileFormat.Csv);

        AssertSameRows(Read(single, TextFileFormat.Csv), rows);
        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, rows.Select(r => r.Id).ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, rows.Select(r => r.Index).ToArray());
        CollectionAssert.AreEqual(new[] { "the", "dog", "saw", "the", "cat" }, rows[0].Tokens, "a line break separates words as a space does");
        CollectionAssert.AreEqual(new[] { "the", "\"cat\"", "saw,", "the", "dog" }, rows[1].Tokens);
    }

    [TestMethod]
    public void Csv_CrlfFileWithMultiLineCellsAndEmptyLinesInside_ReadsAsItsOneLineTwin()
    {
        // As Excel writes a sheet with multi-line cells: CRLF everywhere, a blank line inside a cell, a quoted header.
        var excel = Write("excel.csv", "\"id\",\"the text\"\r\nA,\"first line\r\n\r\nthird line\"\r\nB,\"x, \"\"y\"\"\r\nz\"\r\nC,plain\r\n");
        var oneLine = Write("one-line.csv", "id,the text\nA,first line third line\nB,\"x, \"\"y\"\" z\"\nC,plain\n");

        var rows = Read(excel, TextFileFormat.Csv, textColumn: "the text");

        AssertSameRows(Read(oneLine, TextFileFormat.Csv, textColumn: "the text"), rows);
        CollectionAssert.AreEqual(new[] { "A", "B", "C" }, rows.Select(r => r.Id).ToArray());
    }

    [TestMethod]
    public void Tsv_RecordBrokenByALineBreak_IsRefusedNamingTheRecord()
    {
        // pandas' to_csv(sep='\t') quotes a multi-line cell; TSV has no quoting, so the record falls apart.
        var path = Write("broken.tsv", "id\ttext\n1\t\"dog saw\ncat\"\n2\tbird\n");

        var error = Assert.ThrowsExactly<InvalidTextFileException>(() => Read(path, TextFileFormat.Tsv));

        StringAssert.Contains(error.Message, $"{path}: record 2 after the header has 1 field(s) where the header has 2 (its fields begin: cat\")");
        StringAssert.Contains(error.Message, "a TSV field cannot hold a tab or a line break");
    }

    [TestMethod]
    public void Tsv_FieldHoldingATab_IsRefusedInsteadOfCuttingTheText()
    {
        var path = Write("tab.tsv", "id\ttext\n1\tfine\n2\tleft part\tright part\n");

        var error = Assert.ThrowsExactly<InvalidTextFileException>(() => Read(path, TextFileFormat.Tsv));

        StringAssert.Contains(error.Message, "record 2 after the header has 3 field(s) where the header has 2 (its fields begin: 2\\tleft part\\tright part)");
    }

    [TestMethod]
    public void Csv_UnquotedComma_IsRefusedInsteadOfCuttingTheText()
    {
        var path = Write("comma.csv", "id,text\n1,red green\n2,red, green and blue\n");

        var error = Assert.ThrowsExactly<InvalidTextFileException>(() => Read(path, TextFileFormat.Csv));

        StringAssert.Contains(error.Message, "record 2 after the header has 3 field(s) where the header has 2");
        StringAssert.Contains(error.Message, "must be enclosed in double quotes, with inner quotes doubled (RFC 4180)");
    }

    [TestMethod]
    public void Csv_QuoteNeverClosed_IsRefusedWithTheReadersReason()
    {
        var path = Write("open.csv", "id,text\n1,fine\n2,\"dog saw\n3,cat\n");

        var error = Assert.ThrowsExactly<InvalidTextFileException>(() => Read(path, TextFileFormat.Csv));

        StringAssert.Contains(error.Message, $"{path}: cannot be split into records: the quoted field opened on line 3 is never closed, so the rest of the file would be one field");
        Assert.IsInstanceOfType<FormatException>(error.InnerException);
    }

    [TestMethod]
    public void Shard_BrokenRecordOutsideTheShard_IsStillRefused_SoEveryShardAgrees()
    {
        var path = Write("broken.tsv", "id\ttext\n1\tone\n2\t\"two\nlines\"\n3\tthree\n");

        var error = Assert.ThrowsExactly<InvalidTextFileException>(() => TextFile.Open(path, TextFileFormat.Tsv, "text", idColumn: "id").Rows(index => index == 0).ToList());

        StringAssert.Contains(error.Message, "record 3 after the header has 1 field(s)");
    }

    [TestMethod]
    public void EmptyTextField_IsAnEmptyRow_NotAMissingField()
    {
        var path = Write("empty.tsv", "id\ttext\tlabel\n1\t\tx\n2\tword\ty\n");

        var rows = TextFile.Open(path, TextFileFormat.Tsv, "text", labelColumn: "label", idColumn: "id").Rows().ToList();

        Assert.AreEqual(0, rows[0].Tokens.Length);
        Assert.AreEqual("x", rows[0].Label);
        CollectionAssert.AreEqual(new[] { "word" }, rows[1].Tokens);
    }

    private static List<TextFileRow> Read(string path, TextFileFormat format, string textColumn = "text") =>
        [.. TextFile.Open(path, format, textColumn, idColumn: "id").Rows()];

    private static void AssertSameRows(List<TextFileRow> expected, List<TextFileRow> actual)
    {
        Assert.AreEqual(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.AreEqual(expected[i].Index, actual[i].Index);
            Assert.AreEqual(expected[i].Id, actual[i].Id);
            CollectionAssert.AreEqual(expected[i].Tokens, actual[i].Tokens, $"row {i}: {string.Join("|", actual[i].Tokens)}");
        }
    }

    private static string Write(string name, string content)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"text-file-{Guid.NewGuid():N}")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
