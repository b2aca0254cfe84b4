using System.Globalization;
using MlNetPositional.Cli.Tests.EmbedFile;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.Corpus;

/// <summary>
/// <c>--tokenizer chars</c> on text with characters outside the Basic Multilingual Plane, which UTF-16
/// (and so ML.NET's character keys) writes as two surrogates: <c>train --data</c> makes one vocabulary
/// entry per character, and <c>embed-file</c> gives each character its own token and one position,
/// the same vectors <c>embed --json</c> gives for those tokens.
/// </summary>
[TestClass]
public sealed class CharacterCorpusTests
{
    private const int MaxLength = 8;
    private const string Start = "<\u2402>";
    private const string End = "<\u2403>";

    [TestMethod]
    public void EmojiCorpus_OneVocabularyEntryPerCharacter_EmbedFileEmbedsEachEmojiApart()
    {
        var model = Train("emoji", ["a🙂b", "b🐶", "b🐶", "🐶🙂", "ab", "🙂🐶", "ba", "ok", "ko"]);

        CollectionAssert.AreEquivalent(new[] { Start, End, "a", "b", "o", "k", "🙂", "🐶" }, Characters(model));
        string[] texts = ["a🙂", "a🐶", "a😡", "aok"];
        var rows = EmbedFile(model, texts);
        CollectionAssert.AreEqual(new[] { 4, 4, 4, 5 }, rows.Select(r => r.TokenCount).ToArray(), "the markers and one token per character");
        AssertApart(rows, texts, 0, 1, 2);
        AssertEqualToEmbedJson(model, texts, rows);
    }

    [TestMethod]
    public void MathematicalLettersAndCjkExtensionB_OneVocabularyEntryAndOnePositionPerCharacter()
    {
        var model = Train("math-cjk", ["x𝐀", "x𝐁", "𝐀𝐁", "𝐁𝐀", "x𠀀", "𠀀𝐀", "𠀁x", "𝐀𠀁"]);

        CollectionAssert.AreEquivalent(new[] { Start, End, "x", "𝐀", "𝐁", "𠀀", "𠀁" }, Characters(model));
        string[] texts = ["x𝐀", "x𝐁", "x𠀀", "x𠀁", "𝐀𝐁𝐀𝐁𝐀𝐁"];
        var rows = EmbedFile(model, texts);
        CollectionAssert.AreEqual(new[] { 4, 4, 4, 4, 8 }, rows.Select(r => r.TokenCount).ToArray(), "the markers and one token per character");
        Assert.IsFalse(rows[4].Truncated, "six characters and two markers fill a max length of 8 exactly");
        AssertApart(rows, texts, 0, 1, 2, 3);
        AssertEqualToEmbedJson(model, texts, rows);
    }

    /// <summary>Trains a small classifier on <paramref name="texts"/> (repeated) with --tokenizer chars and exports it.</summary>
    private static string Train(string name, string[] texts)
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory($"chars-{name}")).FullName;
        var corpus = Path.Combine(folder, "corpus.tsv");
        File.WriteAllLines(corpus, ["id\ttext\tlabel", .. Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}\t{texts[i % texts.Length]}\t{(i % texts.Length) % 2}"))]);
        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "model.onnx");
        var train = CliRunner.Run("train", "--data", corpus, "--text-column", "text", "--label-column", "label", "--tokenizer", "chars",
            "--layers", "1", "--heads", "2", "--dim", "16", "--max-len", $"{MaxLength}", "--steps", "20", "--batch-size", "32", "--eval-every", "20", "--seed", "1", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);
        var export = CliRunner.Run("export", "--checkpoint", run, "--out", model);
        Assert.AreEqual(0, export.ExitCode, export.Stderr);
        return model;
    }

    /// <summary>The model's vocabulary without its reserved tokens ([PAD], [UNK], ...).</summary>
    private static string[] Characters(string model) =>
        [.. ModelFileMetadata.Read(model).Vocabulary.Tokens.Where(t => !(t.StartsWith('[') && t.EndsWith(']')))];

    private static List<EmbeddingRow> EmbedFile(string model, string[] texts)
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("chars-embed")).FullName;
        var input = Path.Combine(folder, "in.tsv");
        File.WriteAllLines(input, ["id\ttext", .. texts.Select((t, i) => $"{i}\t{t}")]);
        var output = Path.Combine(folder, "out.parquet");
        var run = CliRunner.Run("embed-file", "--model", model, "--input", input, "--text-column", "text", "--id-column", "id", "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        return [.. EmbeddingFile.Read(output).Rows];
    }

    private static void AssertApart(List<EmbeddingRow> rows, string[] texts, params int[] which)
    {
        foreach (var a in which)
        {
            foreach (var b in which.Where(b => b > a))
            {
                var distance = rows[a].Embedding.Zip(rows[b].Embedding, (x, y) => Math.Abs(x - y)).Max();
                Assert.IsGreaterThan(1e-4f, distance, $"'{texts[a]}' and '{texts[b]}' embed alike");
            }
        }
    }

    /// <summary>embed-file's vectors are embed --json's for the tokens computed independently (one per code point).</summary>
    private static void AssertEqualToEmbedJson(string model, string[] texts, List<EmbeddingRow> rows)
    {
        var expected = EmbedJson.Run(model, ExpectedTokens.For("chars", texts), MaxLength);
        for (var r = 0; r < rows.Count; r++)
        {
            var pooled = expected[r]!.Value.Pooled;
            for (var i = 0; i < pooled.Length; i++)
            {
                Assert.AreEqual(pooled[i], rows[r].Embedding[i], 1e-5f, $"row {r} ('{texts[r]}'), value {i}");
            }
        }
    }
}
