using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.Cli.Tests.Corpus;

/// <summary>
/// A model trained on NormalizeText's lower-cased text refuses exactly the tokens NormalizeText would
/// have changed: letters that are upper case but have no lower-case form (ℝ, ℕ, ϒ) pass, title-case
/// letters (ǅ, ᾈ), which are not upper case, are refused in raw text.
/// </summary>
[TestClass]
public sealed class LowerCaseCheckTests
{
    private static readonly Lazy<string> MathModel = new(TrainMathModel);

    [TestMethod]
    public void NormalisedText_UpperCaseLettersWithoutLowerCase_ScoreAsTheModelsOwnTokens()
    {
        // The reported rows (shared/cases/05): ℝ is in the model's own vocabulary, learnt from the training file.
        string[] texts = ["ℝ in ℕ", "the set ℂ", "ϒ is ℤ"];

        var features = Score(texts, normalise: true);

        using var model = PositionalEmbeddingModel.Load(MathModel.Value);
        var vocabulary = model.Metadata.Vocabulary;
        Assert.IsTrue(vocabulary.Contains("ℝ") && vocabulary.Contains("ℕ"), string.Join(" ", vocabulary.Tokens));
        var expected = model.Embed([.. texts.Select(t => t.Split(' ').Select(w => (long)vocabulary.IdOf(w)).ToArray())]);
        for (var i = 0; i < texts.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i].Pooled, features[i], new ToleranceComparer(1e-6f), texts[i]);
        }
    }

    [TestMethod]
    public void RawText_TitleCaseLetters_AreRefusedLikeUpperCase_AndScoreOnceNormalised()
    {
        // ǅ (U+01C5) and ᾈ (U+1F88) are title case, not upper case: char.IsUpper says false, yet NormalizeText lower-cases them.
        foreach (var text in new[] { "ǅ in ℕ", "ℝ is ᾈ" })
        {
            var error = Assert.ThrowsExactly<PositionalInputException>(() => Score([text], normalise: false), text);
            StringAssert.Contains(error.Message, "is not lower case");
            StringAssert.Contains(error.Message, "add NormalizeText");
            Assert.AreEqual(1, Score([text], normalise: true).Count, text);
        }
    }

    [TestMethod]
    public void RawText_OrdinaryUpperCase_IsStillRefused()
    {
        var error = Assert.ThrowsExactly<PositionalInputException>(() => Score(["ℝ in N"], normalise: false));

        StringAssert.Contains(error.Message, "Token 'N' at row 0, position 2 of column 'Tokens' is not lower case ('N' lower-cases to 'n')");
    }

    private static List<float[]> Score(string[] texts, bool normalise)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        IEstimator<ITransformer> tokens = normalise
            ? ml.Transforms.Text.NormalizeText("Normal", nameof(TextRow.Text)).Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normal"))
            : ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(TextRow.Text));
        var pipeline = tokens.Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", MathModel.Value));
        return [.. pipeline.Fit(data).Transform(data).GetColumn<float[]>("Features")];
    }

    private static string TrainMathModel()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("lower-case")).FullName;
        var corpus = Path.Combine(folder, "math.tsv");
        string[] sets = ["ℝ", "ℕ", "ℤ", "ℂ", "ϒ"];
        File.WriteAllLines(corpus, ["text", .. Enumerable.Range(0, 200).Select(i => $"{sets[i % 5]} {(i % 2 == 0 ? "in" : "is")} {sets[(i / 5) % 5]}")]);
        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "model.onnx");
        Assert.AreEqual(0, CliRunner.Run("train", "--data", corpus, "--text-column", "text", "--dim", "8", "--max-len", "8", "--steps", "5", "--batch-size", "16", "--eval-every", "5", "--out", run).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("export", "--checkpoint", run, "--out", model).ExitCode);
        return model;
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class ToleranceComparer(float tolerance) : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) <= tolerance ? 0 : 1;
    }
}
