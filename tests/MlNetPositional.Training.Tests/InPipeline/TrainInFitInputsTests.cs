using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Training.Tests.InPipeline;

/// <summary>
/// Every token column kind ApplyPositionalEmbedding takes trains in Fit (text, keys of any width,
/// Int32 ids), every label kind (Boolean, key, text), and a pipeline trained in Fit saves as the stock
/// chain that loads and scores in a process without TorchSharp.
/// </summary>
[TestClass]
public sealed class TrainInFitInputsTests
{
    [TestMethod]
    public void KeyTokens_VocabularyIsTheKeyText_AndTheModelFileScoresTheSameAsTheFittedTransformer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens").Fit(FitData.OrderTokens(ml, 400, seed: 1)).Transform(FitData.OrderTokens(ml, 400, seed: 1));
        var options = FitData.Small(steps: 20);
        (options.InputColumnName, options.ModelPath) = ("Keys", TempFile("keys.onnx"));

        using var fitted = ml.Transforms.TrainPositionalEmbedding(options).Fit(data);
        var fromKeys = FitData.Features(fitted.Transform(data));
        using var applied = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", options.ModelPath).Fit(data);
        var fromText = FitData.Features(applied.Transform(data));

        CollectionAssert.IsSubsetOf(new[] { "t2", "t3", "t11" }, fitted.ModelMetadata.Vocabulary.Tokens.ToArray());
        AssertClose(fromText, fromKeys, 1e-6f);
    }

    [TestMethod]
    public void Int32Ids_AreUsedAsIds_VocabularyUpToTheLargest()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 300).Select(i => new IdRow { Ids = [2 + (i % 7), 3, 40 - (i % 3)], Label = i % 2 == 0 }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = FitData.Small(steps: 10);
        (options.InputColumnName, options.ModelPath) = ("Ids", TempFile("ids.onnx"));

        using var fitted = ml.Transforms.TrainPositionalEmbedding(options).Fit(data);
        using var applied = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", options.ModelPath).Fit(data);

        Assert.AreEqual(41, fitted.ModelMetadata.Config.VocabSize, "ids 0..40");
        Assert.AreEqual("t40", fitted.ModelMetadata.Vocabulary[40]);
        AssertClose(FitData.Features(applied.Transform(data)), FitData.Features(fitted.Transform(data)), 1e-6f);
    }

    [TestMethod]
    public void NegativeId_IsNamedWithItsRow()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new IdRow { Ids = [2, 3], Label = true }, new IdRow { Ids = [4, -5], Label = false } });
        var options = FitData.Small();
        options.InputColumnName = "Ids";

        var error = Assert.ThrowsExactly<MlNetPositional.Training.Corpus.InvalidCorpusException>(() => ml.Transforms.TrainPositionalEmbedding(options).Fit(data));

        StringAssert.Contains(error.Message, "row 1, position 1: token id -5");
    }

    [TestMethod]
    public void CharacterKeys_FromTokenizeIntoCharactersAsKeys_TrainAndSurviveSaveLoad()
    {
        var ml = new MLContext(seed: 1);
        var names = new[] { "anna", "otto", "bob", "carl", "dave", "emma", "fred", "gina", "hugo", "ivan" };
        var rows = Enumerable.Range(0, 400).Select(i => new NameRow { Name = names[i % names.Length] + (i % 3 == 0 ? "x" : ""), Label = i % 3 == 0 }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name")
            .Append(ml.Transforms.TrainPositionalEmbedding(new PositionalEmbeddingTrainingOptions
            {
                InputColumnName = "Chars", LabelColumnName = "Label", OutputColumnName = "Features", Dim = 16, MaxLength = 8, Steps = 30, BatchSize = 32,
            }));

        var fitted = pipeline.Fit(data);
        var expected = FitData.Features(fitted.Transform(data));
        var path = TempFile("chars.zip");
        ml.Model.Save(fitted, data.Schema, path);
        var loaded = ml.Model.Load(path, out _);

        var vocabulary = fitted.LastTransformer.ModelMetadata.Vocabulary;
        Assert.IsTrue(vocabulary.Contains("a") && vocabulary.Contains("x") && vocabulary.Contains("<\u2402>"), "characters and ML.NET's start marker, as key-value text");
        AssertClose(expected, FitData.Features(loaded.Transform(data)), 1e-5f);
    }

    [TestMethod]
    public void KeyAndTextLabels_ThreeClasses_LearnedFromTheFirstToken()
    {
        var ml = new MLContext(seed: 1);
        var classes = new[] { "red", "green", "blue" };
        var rows = Enumerable.Range(0, 600).Select(i => new TextLabelRow
        {
            Tokens = [$"c{i % 3}", .. Enumerable.Range(0, 3).Select(j => $"f{(i * 7 + j) % 5}")],
            Label = classes[i % 3],
        }).ToList();
        var text = ml.Data.LoadFromEnumerable(rows);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(text).Transform(text);

        foreach (var data in new[] { text, keys })
        {
            using var fitted = ml.Transforms.TrainPositionalEmbedding(FitData.Small(steps: 60)).Fit(data);
            using var metrics = JsonDocument.Parse(fitted.ModelMetadata.MetricsJson!);
            Assert.AreEqual("classification", metrics.RootElement.GetProperty("task").GetString());
            Assert.IsTrue(metrics.RootElement.GetProperty("eval_accuracy").GetDouble() > 0.95, metrics.RootElement.ToString());
        }
    }

    [TestMethod]
    public void TrainedInFit_SavedThenLoadedInAProcessWithoutTorchSharp_SameOutputs()
    {
        var ml = new MLContext(seed: 1);
        var data = FitData.OrderTokens(ml, 400, seed: 1);
        using var fitted = ml.Transforms.TrainPositionalEmbedding(FitData.Small(steps: 30)).Fit(data);
        var sentences = data.GetColumn<string[]>("Tokens").Take(40).ToArray();
        var sample = ml.Data.LoadFromEnumerable(sentences.Select(s => new FitData.TokenRow { Tokens = s }));
        var expected = FitData.Features(fitted.Transform(sample));
        var folder = Directory.CreateTempSubdirectory("fit-cross-process-").FullName;
        ml.Model.Save(fitted, data.Schema, Path.Combine(folder, "pipeline.zip"));
        File.WriteAllText(Path.Combine(folder, "rows.json"), JsonSerializer.Serialize(sentences));

        var loader = typeof(TrainInFitInputsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PlainMlNetLoader").Value!;
        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [loader, Path.Combine(folder, "pipeline.zip"), Path.Combine(folder, "rows.json")], TimeSpan.FromMinutes(10));

        Assert.AreEqual(0, code, stderr);
        Assert.IsFalse(File.ReadAllText(loader.Replace(".dll", ".deps.json", StringComparison.Ordinal)).Contains("TorchSharp", StringComparison.Ordinal), "the loader has no TorchSharp");
        using var json = JsonDocument.Parse(stdout);
        foreach (var part in new[] { "transform", "engine" })
        {
            var rows = json.RootElement.GetProperty(part).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
            AssertClose(expected, rows, 1e-6f);
        }
    }

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("fit-inputs-").FullName, name);

    private static void AssertClose(IReadOnlyList<float[]> expected, IReadOnlyList<float[]> actual, float tolerance)
    {
        Assert.AreEqual(expected.Count, actual.Count, "rows");
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.AreEqual(expected[r].Length, actual[r].Length, $"row {r} width");
            for (var i = 0; i < expected[r].Length; i++)
            {
                Assert.AreEqual(expected[r][i], actual[r][i], tolerance, $"row {r}, value {i}");
            }
        }
    }

    private sealed class IdRow
    {
        [VectorType]
        public int[] Ids { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class NameRow
    {
        public string Name { get; set; } = "";

        public bool Label { get; set; }
    }

    private sealed class TextLabelRow
    {
        [VectorType]
        public string[] Tokens { get; set; } = [];

        public string Label { get; set; } = "";
    }
}
