using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Keys are not always 32-bit: ML.NET's TokenizeIntoCharactersAsKeys makes 16-bit keys. They are
/// matched to the vocabulary by their key-value text like any keys, in the batched transformer, in
/// the saved stock chain (whose graph takes uint16) and after a batched reload.
/// </summary>
[TestClass]
public sealed class CharacterKeysTests
{
    [TestMethod]
    public void SixteenBitCharacterKeys_ScoreAsTheirText_BeforeAndAfterSaveAndLoad()
    {
        var ml = new MLContext(seed: 1);
        var names = new[] { "t2t3", "3t2", "tt", "2", "t3t2t4t5" };
        var data = ml.Data.LoadFromEnumerable(names.Select(n => new NameRow { Name = n }));
        var chars = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name", useMarkerCharacters: false);
        var pipeline = chars.Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Chars", TestModels.Order));
        var asText = ml.Data.LoadFromEnumerable(names.Select(n => new TextRow { Chars = [.. n.Select(c => c.ToString())] }));
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Chars", TestModels.Order).Fit(asText).Transform(asText));

        var fitted = pipeline.Fit(data);
        Assert.AreEqual(typeof(ushort), ((KeyDataViewType)((VectorDataViewType)fitted.Transform(data).Schema["Chars"].Type).ItemType).RawType);
        var path = Path.Combine(Directory.CreateTempSubdirectory("char-keys-").FullName, "pipeline.zip");
        ml.Model.Save(fitted, data.Schema, path);
        var stock = new MLContext(seed: 2).Model.Load(path, out _);
        var batched = new MLContext(seed: 2).Model.LoadWithBatchedPositionalEmbedding(path, out _);

        foreach (var (name, model) in new[] { ("fitted", (ITransformer)fitted), ("stock chain", stock), ("batched reload", batched) })
        {
            var actual = Column(model.Transform(data));
            for (var r = 0; r < expected.Count; r++)
            {
                for (var i = 0; i < expected[r].Length; i++)
                {
                    Assert.AreEqual(expected[r][i], actual[r][i], 1e-5f, $"{name}: row {r} ('{names[r]}'), value {i}");
                }
            }
        }
    }

    private static List<float[]> Column(IDataView data) => [.. data.GetColumn<float[]>("Features")];

    private sealed class NameRow
    {
        public string Name { get; set; } = "";
    }

    private sealed class TextRow
    {
        [VectorType]
        public string[] Chars { get; set; } = [];
    }
}
