using System.Text.Json;
using MlNetPositional.Inference;
using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests.Pretrained;

/// <summary>
/// The wordpiece tokenizer of an adopted model splits text as Hugging Face's own tokenizer does: golden
/// tokens made by @huggingface/tokenizers (Fixtures/wordpiece/make_golden.sh) on tricky text (accents,
/// ASCII and Unicode punctuation, symbols, CJK, Hangul, emoji, control and zero-width characters, tabs
/// and line breaks, special-token text, words past 100 characters, scripts of many languages).
/// </summary>
[TestClass]
public sealed class WordPieceTokenizerTests
{
    [TestMethod]
    public void Tokens_AreHuggingFaceTokenizersOwn_OnEveryGoldenText()
    {
        using var model = PositionalEmbeddingModel.Load(PackagedEncoder.MiniLM.AdoptedPath);
        var tokenizer = TextTokenizer.ForModel(model.Metadata, model.Path);
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "wordpiece", "golden.json")));

        var rows = golden.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.IsTrue(rows.Count >= 50, "the golden file holds the tricky texts");
        foreach (var row in rows)
        {
            var text = row.GetProperty("text").GetString()!;
            var expected = row.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var actual = tokenizer.Tokenize(text);
            CollectionAssert.AreEqual(expected, actual, $"'{text}': expected {string.Join(' ', expected)}; got {string.Join(' ', actual)}");
        }
    }

    [TestMethod]
    public void Truncation_KeepsSepLast_AndCountsTheSpecialTokens()
    {
        using var model = PositionalEmbeddingModel.Load(PackagedEncoder.MiniLM.AdoptedPath);
        var tokenizer = TextTokenizer.ForModel(model.Metadata, model.Path);
        var tokens = tokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("positions matter", 400)));

        var cut = tokenizer.Truncate(tokens, 512);

        Assert.AreEqual(802, tokens.Length, "[CLS], 800 words, [SEP]");
        Assert.AreEqual(512, cut.Length);
        Assert.AreEqual(("[CLS]", "[SEP]", "matter"), (cut[0], cut[^1], cut[^2]));
        CollectionAssert.AreEqual(tokens[..511], cut[..511]);
        Assert.AreSame(tokens, tokenizer.Truncate(tokens, 900), "short enough: as it is");
    }
}
