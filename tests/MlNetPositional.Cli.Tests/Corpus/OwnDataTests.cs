using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.Cli.Tests.Corpus;

/// <summary>Training on a user's own file, through the CLI, and using the model on the same text in ML.NET.</summary>
[TestClass]
public sealed class OwnDataTests
{
    private static readonly string[] Words = ["apple", "river", "stone", "cloud", "tiger", "piano", "lemon", "forest", "candle", "mirror"];

    [TestMethod]
    public void SupervisedCorpus_WhereOrderDecides_PositionalPipelineBeatsBagOfWordsBy20Points()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("own-supervised")).FullName;
        var corpus = Path.Combine(folder, "reviews.tsv");
        WriteOrderCorpus(corpus, rows: 3000, seed: 1);
        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "model.onnx");

        var train = CliRunner.Run("train", "--data", corpus, "--text-column", "text", "--label-column", "label",
            "--layers", "2", "--heads", "2", "--dim", "32", "--max-len", "16", "--steps", "200", "--batch-size", "64", "--eval-every", "50", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);
        Assert.AreEqual(0, CliRunner.Run("export", "--checkpoint", run, "--out", model).ExitCode);

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<Review>(corpus, hasHeader: true, separatorChar: '\t');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        IEstimator<ITransformer> Pipeline(bool positional) =>
            ml.Transforms.Conversion.MapValueToKey("Label", nameof(Review.LabelText))
                .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Review.Text)))
                .Append(positional
                    ? (IEstimator<ITransformer>)ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", model)
                    : ml.Transforms.Conversion.MapValueToKey("TokenKeys", "Tokens").Append(ml.Transforms.Text.ProduceNgrams("Features", "TokenKeys", ngramLength: 1)))
                .AppendCacheCheckpoint(ml)
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());

        var withPositions = ml.MulticlassClassification.Evaluate(Pipeline(true).Fit(split.TrainSet).Transform(split.TestSet)).MicroAccuracy;
        var without = ml.MulticlassClassification.Evaluate(Pipeline(false).Fit(split.TrainSet).Transform(split.TestSet)).MicroAccuracy;

        Assert.IsTrue(withPositions - without >= 0.2, $"with positions {withPositions}, without {without}");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.AreEqual("classification", json.RootElement.GetProperty("task").GetString());
    }

    [TestMethod]
    public void MaskedTokenPretraining_OnUnlabelledLines_BeatsTheUnigramBaseline()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("own-mlm")).FullName;
        var corpus = Path.Combine(folder, "alphabet.txt");
        var random = new Random(2);
        File.WriteAllLines(corpus, Enumerable.Range(0, 2000).Select(_ =>
        {
            var start = random.Next(26);
            return string.Join(' ', Enumerable.Range(0, random.Next(3, 13)).Select(k => (char)('a' + ((start + k) % 26))));
        }));
        var run = Path.Combine(folder, "run");

        var (code, _, stderr) = CliRunner.Run("train", "--data", corpus, "--layers", "2", "--heads", "2", "--dim", "32", "--max-len", "16",
            "--steps", "200", "--batch-size", "64", "--eval-every", "100", "--out", run);

        Assert.AreEqual(0, code, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var loss = json.RootElement.GetProperty("eval_loss").GetDouble();
        var unigram = json.RootElement.GetProperty("unigram_eval_loss").GetDouble();
        Assert.AreEqual("masked-tokens", json.RootElement.GetProperty("task").GetString());
        Assert.IsTrue(unigram > 3.0, $"unigram baseline {unigram} (26 letters)");
        Assert.IsTrue(loss < unigram / 2, $"held-out masked-token loss {loss} vs unigram {unigram}");
    }

    [TestMethod]
    public void ModelTrainedOnNormalisedText_RefusesUpperCaseTokens_AndSaysWhy()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("own-case")).FullName;
        var corpus = Path.Combine(folder, "lines.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 300).Select(i => $"Word{i % 7} other{i % 5} THIRD"));
        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "model.onnx");
        Assert.AreEqual(0, CliRunner.Run("train", "--data", corpus, "--dim", "8", "--max-len", "8", "--steps", "5", "--batch-size", "16", "--eval-every", "5", "--out", run).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("export", "--checkpoint", run, "--out", model).ExitCode);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Review { Text = "Word1 other2 THIRD" } });

        var raw = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Review.Text)).Append(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", model));
        var normalised = ml.Transforms.Text.NormalizeText("Normal", nameof(Review.Text)).Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normal"))
            .Append(ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", model));

        var error = Assert.ThrowsExactly<PositionalInputException>(() => raw.Fit(data).Transform(data).GetColumn<float[]>("F").ToList());
        StringAssert.Contains(error.Message, "Token 'Word1' at row 0, position 0");
        StringAssert.Contains(error.Message, "add NormalizeText");
        Assert.AreEqual(1, normalised.Fit(data).Transform(data).GetColumn<float[]>("F").Count());
        var inspect = CliRunner.Run("inspect", model);
        StringAssert.Contains(inspect.Stdout, "tokenizer:   mlnet:NormalizeText(case=lower");
    }

    [TestMethod]
    public void TiktokenCorpus_VocabularyIsTheSubwordsSeen_TokenizerInMetadata()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("own-tiktoken")).FullName;
        var corpus = Path.Combine(folder, "lines.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 200).Select(i => $"The {Words[i % Words.Length]} crossed the {Words[(i * 3) % Words.Length]}."));
        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "model.onnx");

        var train = CliRunner.Run("train", "--data", corpus, "--tokenizer", "tiktoken:r50k_base", "--special", "[SEP]", "--dim", "8", "--max-len", "16", "--steps", "5", "--batch-size", "16", "--eval-every", "5", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);
        Assert.AreEqual(0, CliRunner.Run("export", "--checkpoint", run, "--out", model).ExitCode);

        using var loaded = PositionalEmbeddingModel.Load(model);
        var subwords = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("r50k_base").EncodeToTokens("The tiger crossed the river.", out _).Select(t => t.Value).ToList();
        Assert.IsTrue(subwords.Count >= 5);
        Assert.IsTrue(subwords.All(loaded.Metadata.Vocabulary.Contains), string.Join("|", subwords));
        Assert.AreEqual("microsoft.ml.tokenizers:tiktoken:r50k_base", loaded.Metadata.Tokenizer);
        Assert.AreEqual(2, loaded.Metadata.Vocabulary.IdOf("[MASK]"));
        Assert.AreEqual(3, loaded.Metadata.Vocabulary.IdOf("[SEP]"));
    }

    [TestMethod]
    public void CharacterCorpus_VocabularyIsTokenizeIntoCharactersAsKeysText_SoItsKeysScoreWithoutUnknowns()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("own-chars")).FullName;
        var corpus = Path.Combine(folder, "names.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 200).Select(i => $"{Words[i % Words.Length]} {Words[(i * 3) % Words.Length]}"));
        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "model.onnx");

        var train = CliRunner.Run("train", "--data", corpus, "--tokenizer", "chars", "--dim", "8", "--max-len", "24", "--steps", "5", "--batch-size", "16", "--eval-every", "5", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);
        Assert.AreEqual(0, CliRunner.Run("export", "--checkpoint", run, "--out", model).ExitCode);

        using var loaded = PositionalEmbeddingModel.Load(model);
        Assert.AreEqual("mlnet:TokenizeIntoCharactersAsKeys(useMarkerCharacters=true)+CodePoints(unpairedSurrogate=U+FFFD)", loaded.Metadata.Tokenizer);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new NameRow { Name = "tiger river" } });
        var keys = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name").Fit(data).Transform(data);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        keys.Schema["Chars"].GetKeyValues(ref names);
        var row = keys.GetColumn<VBuffer<ushort>>("Chars").Single().DenseValues().Select(k => names.GetItemOrDefault((int)k - 1).ToString()).ToList();
        Assert.AreEqual(13, row.Count, "11 characters and ML.NET's start and end markers");
        Assert.IsTrue(row.All(loaded.Metadata.Vocabulary.Contains), string.Join("|", row));
        Assert.AreEqual(false, loaded.Metadata.TokenizerRecord?.LowerCase, "characters are not normalised");
    }

    [TestMethod]
    public void UnknownTokenizer_Exit2ListingTheChoices()
    {
        var (code, _, stderr) = CliRunner.Run("train", "--data", "/etc/hostname", "--tokenizer", "bpe:mine", "--out", CliRunner.NewDirectory("x"));

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "Unknown tokenizer 'bpe:mine'");
    }

    /// <summary>Sentences of filler words with "dog" and "cat" once each; the label says which comes first.</summary>
    private static void WriteOrderCorpus(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path);
        writer.WriteLine("id\ttext\tlabel");
        for (var i = 0; i < rows; i++)
        {
            var words = Enumerable.Range(0, random.Next(2, 13)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
            var dog = random.Next(words.Length);
            var cat = (dog + 1 + random.Next(words.Length - 1)) % words.Length;
            (words[dog], words[cat]) = ("dog", "cat");
            writer.WriteLine($"{i}\t{string.Join(' ', words)}\t{(dog < cat ? "dog-first" : "cat-first")}");
        }
    }

    internal sealed class Review
    {
        [LoadColumn(1)]
        public string Text { get; set; } = "";

        [LoadColumn(2)]
        [ColumnName("LabelText")]
        public string LabelText { get; set; } = "";
    }

    private sealed class NameRow
    {
        public string Name { get; set; } = "";
    }
}
