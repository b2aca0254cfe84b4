using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Training.Tests.InPipeline;

/// <summary>
/// TrainPositionalEmbedding on ML.NET's character keys: a character outside the Basic Multilingual
/// Plane (two UTF-16 keys, whose key-value text ML.NET gives as the same string for every surrogate)
/// is one vocabulary entry and one position, in training and in the transformer Fit returns, its saved
/// stock chain and its batched reload.
/// </summary>
[TestClass]
public sealed class CharacterKeysTrainingTests
{
    private const string Start = "<\u2402>";
    private const string End = "<\u2403>";

    [TestMethod]
    public void Emoji_AreOneVocabularyEntryEach_AndEmbedApart_FittedStockAndBatchedReloadAgree()
    {
        var ml = new MLContext(seed: 1);
        var names = new[] { "a🙂", "a🐶", "a😡", "b🙂", "ab" };
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(i => new NameRow { Name = names[i % names.Length], Label = names[i % names.Length].Contains('a', StringComparison.Ordinal) }).ToList());
        var options = Options(maxLength: 8, steps: 20);

        var fitted = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name").Append(ml.Transforms.TrainPositionalEmbedding(options)).Fit(data);

        var vocabulary = fitted.LastTransformer.ModelMetadata.Vocabulary;
        CollectionAssert.AreEquivalent(new[] { Start, End, "a", "b", "🙂", "🐶", "😡" }, vocabulary.Tokens.Where(t => !t.StartsWith('[')).ToArray(), string.Join(" ", vocabulary.Tokens));
        var probe = ml.Data.LoadFromEnumerable(new[] { "a🙂", "a🐶", "a😡" }.Select(n => new NameRow { Name = n }).ToList());
        var expected = FitData.Features(fitted.Transform(probe));
        for (var a = 0; a < 3; a++)
        {
            for (var b = a + 1; b < 3; b++)
            {
                Assert.IsGreaterThan(1e-4f, expected[a].Zip(expected[b], (x, y) => Math.Abs(x - y)).Max(), $"rows {a} and {b} embed alike");
            }
        }

        var path = Path.Combine(Directory.CreateTempSubdirectory("fit-chars-").FullName, "chars.zip");
        ml.Model.Save(fitted, data.Schema, path);
        AssertClose(expected, FitData.Features(new MLContext(seed: 2).Model.Load(path, out _).Transform(probe)), "stock reload");
        AssertClose(expected, FitData.Features(new MLContext(seed: 3).Model.LoadWithBatchedPositionalEmbedding(path, out _).Transform(probe)), "batched reload");
    }

    [TestMethod]
    public void CjkExtensionBAndMathematicalLetters_AreOnePositionEach_SoTheirOrderIsLearned()
    {
        // Two characters and the markers fill a max length of 4 only if each character is one
        // position; read as UTF-16 units the row is 6 long and its second character is cut away.
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? new NameRow { Name = "𠀀𝐀", Label = true } : new NameRow { Name = "𝐀𠀀", Label = false }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);

        var chars = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name").Fit(data).Transform(data);

        using var fitted = ml.Transforms.TrainPositionalEmbedding(Options(maxLength: 4, steps: 40)).Fit(chars);

        CollectionAssert.AreEquivalent(new[] { Start, End, "𠀀", "𝐀" }, fitted.ModelMetadata.Vocabulary.Tokens.Where(t => !t.StartsWith('[')).ToArray());
        using var metrics = JsonDocument.Parse(fitted.ModelMetadata.MetricsJson!);
        Assert.AreEqual(1.0, metrics.RootElement.GetProperty("eval_accuracy").GetDouble(), 1e-9, metrics.RootElement.ToString());
    }

    private static PositionalEmbeddingTrainingOptions Options(int maxLength, int steps)
    {
        var options = FitData.Small(steps: steps);
        (options.InputColumnName, options.MaxLength, options.Dim, options.EvaluateEvery) = ("Chars", maxLength, 16, steps);
        return options;
    }

    private static void AssertClose(List<float[]> expected, List<float[]> actual, string what)
    {
        Assert.HasCount(expected.Count, actual, what);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var i = 0; i < expected[r].Length; i++)
            {
                Assert.AreEqual(expected[r][i], actual[r][i], 1e-5f, $"{what}: row {r}, value {i}");
            }
        }
    }

    private sealed class NameRow
    {
        public string Name { get; set; } = "";

        public bool Label { get; set; }
    }
}
