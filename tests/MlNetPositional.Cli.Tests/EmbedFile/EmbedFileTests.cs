using System.Globalization;
using MlNetPositional.Cli.Tests.External;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.EmbedFile;

/// <summary>embed-file: what it writes is what <c>embed --json</c> gives for the same rows, read back by readers that did not write it.</summary>
[TestClass]
public sealed class EmbedFileTests
{
    private const float Tolerance = 1e-6f;

    [TestMethod]
    public void Words_EveryRowEqualsEmbedJson_WithTheDocumentedSchemaAndCounts()
    {
        var model = TextModels.Model();
        var output = Path.Combine(TextModels.NewFolder("words"), "embeddings.parquet");

        var run = EmbedFile(model, output, "--id-column", "id");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.Contains(run.Stdout, $"wrote {TextModels.Rows:N0} rows (dim 16, shard 0/1");
        var file = EmbeddingFile.Read(output);
        CollectionAssert.AreEqual(new[] { "row", "id", "embedding.list.element", "token_count", "truncated" }, file.Columns.ToArray());
        Assert.AreEqual("16", file.Metadata["mlnet_positional.dim"]);
        Assert.AreEqual("mean", file.Metadata["mlnet_positional.pooling"]);
        Assert.AreEqual("0/1", file.Metadata["mlnet_positional.shard"]);
        Assert.AreEqual("mlnet-words", file.Metadata["mlnet_positional.tokenizer"]);
        Assert.AreEqual("12", file.Metadata["mlnet_positional.max_length"]);
        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))), file.Metadata["mlnet_positional.model_sha256"]);

        var tokens = ExpectedTokens.For("mlnet-words", TextModels.Texts);
        var expected = EmbedJson.Run(model, tokens, TextModels.MaxLength);
        Assert.AreEqual(TextModels.Rows, file.Rows.Count);
        var (truncated, empty) = (0, 0);
        for (var i = 0; i < file.Rows.Count; i++)
        {
            var row = file.Rows[i];
            Assert.AreEqual(i, row.Row);
            Assert.AreEqual($"doc-{i}", row.Id);
            Assert.AreEqual(tokens[i].Length, row.TokenCount, $"row {i}");
            Assert.AreEqual(tokens[i].Length > TextModels.MaxLength, row.Truncated, $"row {i}");
            Assert.AreEqual(16, row.Embedding.Length);
            if (expected[i] is { } e)
            {
                AssertClose(e.Pooled, row.Embedding, $"row {i}");
            }
            else
            {
                Assert.IsTrue(row.Embedding.All(v => v == 0), $"row {i} has no tokens: a zero vector, as in ApplyPositionalEmbedding");
                empty++;
            }

            truncated += row.Truncated ? 1 : 0;
        }

        Assert.IsTrue(truncated > 100 && empty >= 30, $"the corpus exercises both: {truncated} truncated, {empty} empty");
        Assert.IsTrue(tokens.SelectMany(t => t).Any(t => t.StartsWith("unseen", StringComparison.Ordinal)), "unknown words reach the model as [UNK]");
    }

    [TestMethod]
    [DataRow("max")]
    [DataRow("first")]
    public void MaxAndFirstPooling_EqualTheTokenEmbeddingsOfEmbedJson(string pooling)
    {
        var model = TextModels.Model();
        var output = Path.Combine(TextModels.NewFolder(pooling), "embeddings.parquet");

        var run = EmbedFile(model, output, "--pooling", pooling);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        var file = EmbeddingFile.Read(output);
        Assert.AreEqual(pooling, file.Metadata["mlnet_positional.pooling"]);
        var expected = EmbedJson.Run(model, ExpectedTokens.For("mlnet-words", TextModels.Texts), TextModels.MaxLength);
        for (var i = 0; i < file.Rows.Count; i++)
        {
            if (expected[i] is not { } e)
            {
                continue;
            }

            var want = pooling == "first"
                ? e.Tokens[0]
                : Enumerable.Range(0, 16).Select(d => e.Tokens.Max(t => t[d])).ToArray();
            AssertClose(want, file.Rows[i].Embedding, $"row {i}");
        }
    }

    [TestMethod]
    [DataRow("chars")]
    [DataRow("tiktoken:r50k_base")]
    public void OtherTokenizers_TextIsSplitAsTheModelsMetadataSays(string tokenizer)
    {
        var model = TextModels.Model(tokenizer);
        var output = Path.Combine(TextModels.NewFolder(tokenizer.Replace(':', '-')), "embeddings.parquet");

        var run = EmbedFile(model, output);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        var file = EmbeddingFile.Read(output);
        Assert.AreEqual(tokenizer, file.Metadata["mlnet_positional.tokenizer"]);
        var tokens = ExpectedTokens.For(tokenizer, TextModels.Texts);
        var expected = EmbedJson.Run(model, tokens, TextModels.MaxLength);
        for (var i = 0; i < file.Rows.Count; i++)
        {
            Assert.AreEqual(tokens[i].Length, file.Rows[i].TokenCount, $"row {i}: '{TextModels.Texts[i]}'");
            AssertClose(expected[i]?.Pooled ?? new float[16], file.Rows[i].Embedding, $"row {i}");
        }
    }

    [TestMethod]
    public void NodeReader_Hyparquet_SeesTheSameSchemaMetadataAndValues()
    {
        var output = Path.Combine(TextModels.NewFolder("node"), "embeddings.parquet");
        Assert.AreEqual(0, EmbedFile(TextModels.Model(), output, "--id-column", "id", "--row-group-size", "400").ExitCode);
        var file = EmbeddingFile.Read(output);

        using var node = NodeParquet.Read(output);

        var schema = node.RootElement.GetProperty("schema").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.AreEqual("INT64", schema["row"].GetProperty("type").GetString());
        Assert.AreEqual("BYTE_ARRAY", schema["id"].GetProperty("type").GetString());
        Assert.AreEqual("LIST", schema["embedding"].GetProperty("converted").GetString());
        Assert.AreEqual("FLOAT", schema["element"].GetProperty("type").GetString());
        Assert.AreEqual("INT32", schema["token_count"].GetProperty("type").GetString());
        Assert.AreEqual("BOOLEAN", schema["truncated"].GetProperty("type").GetString());
        Assert.AreEqual("16", node.RootElement.GetProperty("metadata").GetProperty("mlnet_positional.dim").GetString());
        var rows = node.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.AreEqual(file.Rows.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual(file.Rows[i].Row, rows[i].GetProperty("row").GetInt64());
            Assert.AreEqual(file.Rows[i].Id, rows[i].GetProperty("id").GetString());
            Assert.AreEqual(file.Rows[i].TokenCount, rows[i].GetProperty("token_count").GetInt32());
            Assert.AreEqual(file.Rows[i].Truncated, rows[i].GetProperty("truncated").GetBoolean());
            // float32 widened to a JSON double and narrowed back is the same float: compare bit for bit.
            CollectionAssert.AreEqual(file.Rows[i].Embedding, rows[i].GetProperty("embedding").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), $"row {i}");
        }
    }

    [TestMethod]
    public void LinesFile_RowsAreLineIndexes_NoIdColumn()
    {
        var folder = TextModels.NewFolder("lines");
        var input = Path.Combine(folder, "texts.txt");
        File.WriteAllLines(input, TextModels.Texts.Take(100));
        var output = Path.Combine(folder, "embeddings.parquet");

        var run = CliRunner.Run("embed-file", "--model", TextModels.Model(), "--input", input, "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        var file = EmbeddingFile.Read(output);
        CollectionAssert.AreEqual(new[] { "row", "embedding.list.element", "token_count", "truncated" }, file.Columns.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 100).Select(i => (long)i).ToArray(), file.Rows.Select(r => r.Row).ToArray());
        var tsv = EmbeddingFile.Read(EmbedTsvOnce());
        for (var i = 0; i < 100; i++)
        {
            CollectionAssert.AreEqual(tsv.Rows[i].Embedding, file.Rows[i].Embedding, $"row {i}: same text, same vector from a lines file and a TSV");
        }
    }

    /// <summary>Runs embed-file over the test corpus's text column.</summary>
    internal static (int ExitCode, string Stdout, string Stderr) EmbedFile(string model, string output, params string[] more) =>
        CliRunner.Run(["embed-file", "--model", model, "--input", TextModels.Corpus, "--text-column", "text", "--out", output, .. more]);

    private static readonly Lazy<string> TsvOnce = new(() =>
    {
        var output = Path.Combine(TextModels.NewFolder("tsv-once"), "embeddings.parquet");
        Assert.AreEqual(0, EmbedFile(TextModels.Model(), output).ExitCode);
        return output;
    });

    private static string EmbedTsvOnce() => TsvOnce.Value;

    private static void AssertClose(float[] expected, float[] actual, string where)
    {
        Assert.AreEqual(expected.Length, actual.Length, where);
        for (var d = 0; d < expected.Length; d++)
        {
            Assert.AreEqual(expected[d], actual[d], Tolerance, string.Create(CultureInfo.InvariantCulture, $"{where}, dim {d}"));
        }
    }
}
