using System.Text.Json;
using MlNetPositional.Cli.Tests.EmbedFile;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.Embed;

/// <summary>
/// <c>embed --text</c> splits text with the model's own tokenizer and prints what <c>embed --ids</c>
/// prints for those tokens' ids (tokens computed here with ML.NET and Microsoft.ML.Tokenizers
/// directly); a model without a tokenizer record, or no rows at all, is one line and exit 2.
/// </summary>
[TestClass]
public sealed class EmbedTextTests
{
    private static readonly string[] Words = ["Apple river STONE", "déjà vu? tiger", "cloud, piano! unseen7"];

    /// <summary>Short enough for the models' 12 positions as characters (with ML.NET's two markers).</summary>
    private static readonly string[] Characters = ["Apple", "déjà vu?", "tiger"];

    [TestMethod]
    [DataRow("mlnet-words")]
    [DataRow("chars")]
    [DataRow("tiktoken:r50k_base")]
    public void Text_PrintsWhatIdsPrintsForItsTokens(string tokenizer)
    {
        var model = TextModels.Model(tokenizer);
        var texts = tokenizer == "chars" ? Characters : Words;
        var tokens = ExpectedTokens.For(tokenizer, texts);
        var vocabulary = ModelFileMetadata.Read(model).Vocabulary;
        List<string> byIds = ["embed", "--model", model];
        foreach (var row in tokens)
        {
            byIds.AddRange(["--ids", string.Join(' ', row.Select(vocabulary.IdOf))]);
        }

        var text = CliRunner.Run("embed", "--model", model, "--text", texts[0], "--text", texts[1], texts[2]);
        var ids = CliRunner.Run([.. byIds]);
        var json = CliRunner.Run("embed", "--model", model, "--text", texts[0], texts[1], texts[2], "--json");

        Assert.AreEqual(0, text.ExitCode, text.Stderr);
        Assert.AreEqual(0, ids.ExitCode, ids.Stderr);
        var textLines = text.Stdout.TrimEnd().Split('\n');
        var tokenLines = textLines.Where(l => l.StartsWith("  tokens: ", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(ids.Stdout.TrimEnd().Split('\n'), textLines.Where(l => !l.StartsWith("  tokens: ", StringComparison.Ordinal)).ToArray(), "the same ids, pooled and token lines");
        Assert.AreEqual(texts.Length, tokenLines.Count);
        for (var r = 0; r < texts.Length; r++)
        {
            CollectionAssert.AreEqual(tokens[r], JsonSerializer.Deserialize<string[]>(tokenLines[r]["  tokens: ".Length..]), $"row {r} tokens");
        }

        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.AreEqual(texts.Length, rows.Count);
        for (var r = 0; r < texts.Length; r++)
        {
            Assert.AreEqual(texts[r], rows[r].GetProperty("text").GetString());
            CollectionAssert.AreEqual(tokens[r], rows[r].GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToArray());
            CollectionAssert.AreEqual(tokens[r].Select(t => (long)vocabulary.IdOf(t)).ToArray(), rows[r].GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToArray());
        }
    }

    [TestMethod]
    public void Text_ModelWithoutTokenizerRecord_OneLineExit2()
    {
        var model = Export.ExportedModelFixture.Model;

        var (code, stdout, stderr) = CliRunner.Run("embed", "--model", model, "--text", "some sentence");

        Assert.AreEqual(2, code);
        Assert.AreEqual("", stdout);
        Assert.AreEqual($"error: {model}: --text needs a model that names its tokenizer, and this one has no tokenizer record (it was trained on token ids); give its token ids with --ids.", stderr.TrimEnd());
    }

    [TestMethod]
    [DataRow("--model|MODEL")]
    [DataRow("--model|MODEL|--ids|2 3|--text|a b")]
    public void NeitherOrBothOfIdsAndText_OneLineExit2(string arguments)
    {
        var (code, stdout, stderr) = CliRunner.Run(["embed", .. arguments.Replace("MODEL", TextModels.Model(), StringComparison.Ordinal).Split('|')]);

        Assert.AreEqual(2, code);
        Assert.AreEqual("", stdout);
        Assert.AreEqual("error: give token ids with --ids or text with --text (one of them).", stderr.TrimEnd());
    }
}
