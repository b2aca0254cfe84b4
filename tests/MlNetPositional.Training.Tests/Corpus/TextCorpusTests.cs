using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Text;
using MlNetPositional.Training.Corpus;

namespace MlNetPositional.Training.Tests.Corpus;

[TestClass]
public sealed class TextCorpusTests
{
    private static readonly string[] Texts = ["The Café  opened at 9, didn't it?", "Naïve RÉSUMÉ — déjà vu!", "tabs\tstay inside", "ONE"];

    [TestMethod]
    public void Tsv_TokensAreExactlyWhatAnMlNetPipelineProduces_LabelsRead()
    {
        var path = Write("corpus.tsv", ["id\ttext\tlabel", .. Texts.Where(t => !t.Contains('\t')).Select((t, i) => $"{i}\t{t}\tL{i}")]);

        var rows = TextCorpus.Open(path, TextFileFormat.Tsv, "text", "label").Rows().ToList();

        var expected = MlNetTokens(Texts.Where(t => !t.Contains('\t')).ToArray());
        Assert.AreEqual(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            CollectionAssert.AreEqual(expected[i], rows[i].Tokens, $"row {i}");
            Assert.AreEqual($"L{i}", rows[i].Label);
            Assert.AreEqual(i, rows[i].Index);
        }

        CollectionAssert.AreEqual(new[] { "the", "cafe", "opened", "at", "9,", "didn't", "it?" }, rows[0].Tokens, "lower case, no diacritics, split on spaces");
    }

    [TestMethod]
    public void Csv_QuotedCommasStayInTheText()
    {
        var path = Write("corpus.csv", ["label,text", "yes,\"red, green and blue\"", "no,plain"]);

        var rows = TextCorpus.Open(path, TextFileFormat.Csv, "text", "label").Rows().ToList();

        CollectionAssert.AreEqual(new[] { "red,", "green", "and", "blue" }, rows[0].Tokens);
        Assert.AreEqual("yes", rows[0].Label);
        CollectionAssert.AreEqual(new[] { "plain" }, rows[1].Tokens);
    }

    [TestMethod]
    public void Lines_EachLineIsOneSequence_TabsIncluded()
    {
        var path = Write("corpus.txt", Texts);

        var rows = TextCorpus.Open(path, TextFileFormat.Lines).Rows().ToList();

        Assert.AreEqual(Texts.Length, rows.Count);
        CollectionAssert.AreEqual(MlNetTokens(Texts)[2], rows[2].Tokens);
        Assert.IsNull(rows[0].Label);
    }

    [TestMethod]
    public void MissingColumn_ErrorNamesItAndListsTheHeader()
    {
        var path = Write("corpus.tsv", ["id\tbody", "1\thello"]);

        var error = Assert.ThrowsExactly<InvalidTextFileException>(() => TextCorpus.Open(path, TextFileFormat.Tsv, "text"));

        StringAssert.Contains(error.Message, "no column named 'text'");
        StringAssert.Contains(error.Message, "id, body");
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void HeldOutSplit_DeterministicDisjointAndAboutTheFraction()
    {
        var split = new HeldOutSplit(seed: 4, fraction: 0.1);
        var again = new HeldOutSplit(seed: 4, fraction: 0.1);
        var other = new HeldOutSplit(seed: 5, fraction: 0.1);

        var held = Enumerable.Range(0, 20_000).Where(i => split.IsHeldOut(i)).ToList();

        Assert.AreEqual(0.1, held.Count / 20_000.0, 0.01);
        CollectionAssert.AreEqual(held, Enumerable.Range(0, 20_000).Where(i => again.IsHeldOut(i)).ToList());
        CollectionAssert.AreNotEqual(held, Enumerable.Range(0, 20_000).Where(i => other.IsHeldOut(i)).ToList());
    }

    [TestMethod]
    public void VocabularyBuilder_ReservedSpecialsThenByCountThenOrdinal_MinCountAndMaxSize()
    {
        var builder = new VocabularyBuilder(minCount: 2, maxSize: 6, specials: ["[MASK]"]);
        builder.Add(["b", "a", "c", "a", "b", "d", "e", "e", "f"]);
        builder.Add(["a", "x"]);

        var vocabulary = builder.Build();

        CollectionAssert.AreEqual(new[] { "[PAD]", "[UNK]", "[MASK]", "a", "b", "e" }, vocabulary.Tokens.ToArray());
        Assert.AreEqual(vocabulary.UnknownId, vocabulary.IdOf("c"), "seen once: below min count");
    }

    private static List<string[]> MlNetTokens(string[] texts)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var tokens = ml.Transforms.Text.NormalizeText("Normalized", "Text").Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized")).Fit(data).Transform(data);
        return [.. tokens.GetColumn<string[]>("Tokens")];
    }

    private static string Write(string name, IEnumerable<string> lines)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"corpus-{Guid.NewGuid():N}")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }
}
