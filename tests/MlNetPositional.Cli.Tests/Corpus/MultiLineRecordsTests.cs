using System.Text.Json;
using MlNetPositional.Inference;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.Corpus;

/// <summary>
/// Every reader of text files (embed-file, train --data, and the build step, which trains through
/// train's spec) reads a CSV record with a quoted line break as one record, as its one-line twin.
/// </summary>
[TestClass]
public sealed class MultiLineRecordsTests
{
    [TestMethod]
    public void EmbedFile_QuotedLineBreak_OneRowPerRecord_AsItsOneLineTwin()
    {
        // The reported file (shared/cases/04): it used to give 4 rows, a garbage id and row 0 without tokens.
        var folder = TextModels.NewFolder("multi-line");
        var multi = Write(folder, "multi.csv", "id,text\n1,\"the dog\nsaw the cat\"\n2,\"the \"\"cat\"\" saw, the dog\"\n3,the bird\n");
        var single = Write(folder, "single.csv", "id,text\n1,the dog saw the cat\n2,\"the \"\"cat\"\" saw, the dog\"\n3,the bird\n");

        var fromMulti = Embed(multi);
        var fromSingle = Embed(single);

        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, fromMulti.Rows.Select(r => r.Id).ToArray());
        CollectionAssert.AreEqual(new[] { 5, 5, 2 }, fromMulti.Rows.Select(r => r.TokenCount).ToArray());
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(i, fromMulti.Rows[i].Row);
            CollectionAssert.AreEqual(fromSingle.Rows[i].Embedding, fromMulti.Rows[i].Embedding, $"row {i}");
        }
    }

    [TestMethod]
    public void TrainData_LabelledCsvWithMultiLineCells_TrainsAsItsOneLineTwin()
    {
        var folder = TextModels.NewFolder("multi-line-train");
        var random = new Random(3);
        string[] words = ["bird", "cat", "dog", "saw", "the"];
        var records = Enumerable.Range(0, 200).Select(i => (Label: i % 2 == 0 ? "x" : "y", Words: Enumerable.Range(0, 2 + random.Next(4)).Select(_ => words[random.Next(words.Length)]).ToArray())).ToList();
        var multi = Write(folder, "multi.csv", "label,text\n" + string.Concat(records.Select((r, i) => $"{r.Label},\"{string.Join(i % 3 == 0 ? "\r\n" : " ", r.Words)}\"\n")));
        var single = Write(folder, "single.csv", "label,text\n" + string.Concat(records.Select(r => $"{r.Label},{string.Join(' ', r.Words)}\n")));

        var fromMulti = Train(multi, Path.Combine(folder, "run-multi"));
        var fromSingle = Train(single, Path.Combine(folder, "run-single"));

        CollectionAssert.AreEqual(fromSingle.Vocabulary, fromMulti.Vocabulary, string.Join(" ", fromMulti.Vocabulary));
        CollectionAssert.AreEqual(new[] { "[PAD]", "[UNK]", "bird", "cat", "dog", "saw", "the" }, fromMulti.Vocabulary.Order(StringComparer.Ordinal).ToArray(), string.Join(" ", fromMulti.Vocabulary));
        Assert.AreEqual(fromSingle.EvalLoss, fromMulti.EvalLoss, "the same records, seed and settings: the same training");
    }

    [TestMethod]
    public void TrainData_TsvRecordBrokenByALineBreak_OneLineExit2()
    {
        var folder = TextModels.NewFolder("broken-tsv");
        var broken = Write(folder, "broken.tsv", "label\ttext\nx\t\"bird saw\ncat\"\ny\tcat saw the\n");

        var run = CliRunner.Run("train", "--data", broken, "--text-column", "text", "--label-column", "label", "--steps", "5", "--out", Path.Combine(folder, "run"));

        Assert.AreEqual(2, run.ExitCode, run.Stderr);
        Assert.AreEqual($"error: {broken}: record 2 after the header has 1 field(s) where the header has 2 (its fields begin: cat\"); a TSV field cannot hold a tab or a line break (IANA text/tab-separated-values): replace them, or write the file as CSV with the field in double quotes.",
            run.Stderr.TrimEnd());
    }

    private static EmbeddingFile Embed(string input)
    {
        var output = Path.ChangeExtension(input, ".parquet");
        var run = CliRunner.Run("embed-file", "--model", TextModels.Model(), "--input", input, "--text-column", "text", "--id-column", "id", "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        return EmbeddingFile.Read(output);
    }

    private static (string[] Vocabulary, double EvalLoss) Train(string data, string run)
    {
        var train = CliRunner.Run("train", "--data", data, "--text-column", "text", "--label-column", "label",
            "--layers", "1", "--heads", "2", "--dim", "16", "--max-len", "8", "--steps", "30", "--batch-size", "16", "--eval-every", "30", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var model = Path.Combine(run, "model.onnx");
        Assert.AreEqual(0, CliRunner.Run("export", "--checkpoint", run, "--out", model).ExitCode);
        using var loaded = PositionalEmbeddingModel.Load(model);
        return ([.. loaded.Metadata.Vocabulary.Tokens], metrics.RootElement.GetProperty("eval_loss").GetDouble());
    }

    private static string Write(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
