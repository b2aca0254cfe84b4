using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Keys are not always 32-bit: ML.NET's TokenizeIntoCharactersAsKeys makes 16-bit keys. They are
/// matched to the vocabulary by their key-value text like any keys, in the batched transformer, in
/// the saved stock chain (whose graph takes uint16) and after a batched reload. Those keys are UTF-16
/// code units, and ML.NET gives every surrogate the same key-value text: a character outside the
/// Basic Multilingual Plane (emoji, mathematical alphanumerics, CJK Extension B) is still one token
/// and one position everywhere, the same token as the text token of that character.
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

    [TestMethod]
    public void Emoji_EachIsOneToken_SoTheyEmbedApart_FittedStockAndBatchedReloadAgree()
    {
        var model = CharacterModels.WithVocabulary(CharacterVocabulary);
        var names = new[] { "a🙂", "a🐶", "a😡", "a", "🙂🐶😡b", "", "🙂" };

        var scored = ScoreEverywhere(model, names);

        var expected = ScoreTextTokens(model, names);
        AssertAllEqual(expected, scored, names);
        AssertApart(expected, names, 0, 1, 2);
    }

    [TestMethod]
    public void MathematicalAlphanumericsAndCjkExtensionB_EachIsOneToken_FittedStockAndBatchedReloadAgree()
    {
        var model = CharacterModels.WithVocabulary(CharacterVocabulary);
        var names = new[] { "a𝐀b", "a𠀀b", "a𝐁b", "𝐀𠀀", "𠀀𝐀" };

        var scored = ScoreEverywhere(model, names);

        var expected = ScoreTextTokens(model, names);
        AssertAllEqual(expected, scored, names);
        AssertApart(expected, names, 0, 1, 2);
        AssertApart(expected, names, 3, 4);
    }

    [TestMethod]
    public void LoneSurrogates_AreTheReplacementCharacter_AsInDotNetEncoders()
    {
        var model = CharacterModels.WithVocabulary(CharacterVocabulary);
        var names = new[] { "a\uD83D", "a\uFFFD", "a\uDE42b", "\uDE42\uD83D", "\uD83D\uD83D\uDE42" };

        var scored = ScoreEverywhere(model, names);

        var expected = ScoreTextTokens(model, names);
        AssertAllEqual(expected, scored, names);
        CollectionAssert.AreEqual(new[] { CharacterModels.Start, "\uFFFD", "🙂", CharacterModels.End }, CharacterModels.Tokens(names[4]), "a high surrogate before a pair is one replacement character, then the pair");
        CollectionAssert.AreEqual(expected[1], expected[0], "an unpaired high surrogate scores as U+FFFD");
    }

    [TestMethod]
    public void Positions_CountCodePoints_NotUtf16Units()
    {
        var model = CharacterModels.WithVocabulary(CharacterVocabulary);
        var fits = string.Concat(Enumerable.Repeat("𝐀", 6));       // 8 positions with the markers: 14 UTF-16 units
        var tooLong = string.Concat(Enumerable.Repeat("𝐀", 7));    // 9 positions
        var options = new PositionalEmbeddingOptions { InputColumnName = "Chars", ModelPath = model, OverLength = PositionalOverLength.Error };

        var scored = ScoreEverywhere(model, [fits], options);
        var error = Assert.ThrowsExactly<PositionalInputException>(() => Score(new MLContext(seed: 1), [tooLong], options));

        AssertAllEqual(ScoreTextTokens(model, [fits]), scored, [fits]);
        StringAssert.Contains(error.Message, "has 9 tokens; the model's max length is 8");
    }

    [TestMethod]
    public void ModelTrainedBeforeTheFix_StillScores_ItsCollapsedSurrogateEntryIsNeverUsed_SupplementaryCharactersAreUnknown()
    {
        // What --tokenizer chars wrote before: every surrogate as ML.NET's key-value text "\u4X".
        var model = CharacterModels.WithVocabulary("[PAD]", "[UNK]", CharacterModels.Start, CharacterModels.End, "a", "b", "\\u4X", "c", "d", "e", "f", "g");
        var names = new[] { "a🙂", "a🐶", "ab" };

        var scored = ScoreEverywhere(model, names);

        var expected = ScoreTextTokens(model, [.. names.Select(n => CharacterModels.Tokens(n).Select(t => t.Length == 2 && char.IsSurrogatePair(t[0], t[1]) ? "[UNK]" : t).ToArray())]);
        AssertAllEqual(expected, scored, names);
        CollectionAssert.AreEqual(expected[0], expected[1], "both emoji are [UNK] to a model that never learned them apart");
    }

    [TestMethod]
    public void TextTokensThatAreHalfACharacter_MapKeyToValueTextOrSplitChars_AreRefusedNamingRowAndPosition()
    {
        var model = CharacterModels.WithVocabulary(CharacterVocabulary);
        var ml = new MLContext(seed: 1);
        var names = ml.Data.LoadFromEnumerable(new[] { "ab", "a🙂" }.Select(n => new NameRow { Name = n }));
        var keyText = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Keys", "Name").Append(ml.Transforms.Conversion.MapKeyToValue("Chars", "Keys")).Fit(names).Transform(names);
        var splitChars = ml.Data.LoadFromEnumerable(new[] { new TextRow { Chars = [.. "a🙂".Select(c => c.ToString())] } });
        var wholeCharacters = ml.Data.LoadFromEnumerable(new[] { new TextRow { Chars = [.. "a🙂".EnumerateRunes().Select(r => r.ToString())] } });
        List<float[]> Score(IDataView data) => Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Chars", model).Fit(data).Transform(data));

        var surrogateText = Assert.ThrowsExactly<PositionalInputException>(() => Score(keyText));
        var half = Assert.ThrowsExactly<PositionalInputException>(() => Score(splitChars));

        StringAssert.Contains(surrogateText.Message, "Token '\\u4X' at row 1, position 2 of column 'Chars' is ML.NET's key-value text of a UTF-16 surrogate");
        StringAssert.Contains(half.Message, "Token at row 0, position 1 of column 'Chars' holds half of a UTF-16 surrogate pair (U+D83D)");
        var keys = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name", useMarkerCharacters: false).Fit(names).Transform(names);
        CollectionAssert.AreEqual(Score(keys)[1], Score(wholeCharacters)[0], "whole characters as text tokens score as their keys do");
    }

    /// <summary>Ten characters, two of them unseen by any test text: 𝐁 (U+1D401) is not in it, so it is [UNK].</summary>
    private static readonly string[] CharacterVocabulary =
        ["[PAD]", "[UNK]", CharacterModels.Start, CharacterModels.End, "a", "b", "🙂", "🐶", "😡", "𝐀", "𠀀", "\uFFFD"];

    /// <summary>
    /// Scores <paramref name="names"/> through TokenizeIntoCharactersAsKeys (markers on) and
    /// ApplyPositionalEmbedding: fitted, then saved and loaded in fresh contexts, stock and batched.
    /// </summary>
    private static List<(string Name, List<float[]> Values)> ScoreEverywhere(string model, string[] names, PositionalEmbeddingOptions? options = null)
    {
        options ??= new PositionalEmbeddingOptions { InputColumnName = "Chars", ModelPath = model };
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(names.Select(n => new NameRow { Name = n }));
        var fitted = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name").Append(ml.Transforms.ApplyPositionalEmbedding(options)).Fit(data);
        var path = Path.Combine(Directory.CreateTempSubdirectory("char-keys-").FullName, "pipeline.zip");
        ml.Model.Save(fitted, data.Schema, path);
        var stock = new MLContext(seed: 2).Model.Load(path, out _);
        var batched = new MLContext(seed: 3).Model.LoadWithBatchedPositionalEmbedding(path, out _);
        Assert.IsNotInstanceOfType<PositionalEmbeddingTransformer>(((TransformerChain<ITransformer>)stock).LastTransformer, "stock ML.NET loads the stock chain");
        Assert.IsInstanceOfType<PositionalEmbeddingTransformer>(((TransformerChain<ITransformer>)batched).LastTransformer);
        return [("fitted", Column(fitted.Transform(data))), ("stock reload", Column(stock.Transform(data))), ("batched reload", Column(batched.Transform(data)))];
    }

    private static List<float[]> Score(MLContext ml, string[] names, PositionalEmbeddingOptions options)
    {
        var data = ml.Data.LoadFromEnumerable(names.Select(n => new NameRow { Name = n }));
        return Column(ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Name").Append(ml.Transforms.ApplyPositionalEmbedding(options)).Fit(data).Transform(data));
    }

    /// <summary>The reference: the same model on text tokens, one per code point (see <see cref="CharacterModels.Tokens"/>).</summary>
    private static List<float[]> ScoreTextTokens(string model, string[] names) => ScoreTextTokens(model, [.. names.Select(CharacterModels.Tokens)]);

    private static List<float[]> ScoreTextTokens(string model, string[][] tokens)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(tokens.Select(t => new TextRow { Chars = t }));
        return Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Chars", model).Fit(data).Transform(data));
    }

    private static void AssertAllEqual(List<float[]> expected, List<(string Name, List<float[]> Values)> scored, string[] names)
    {
        foreach (var (name, actual) in scored)
        {
            Assert.HasCount(expected.Count, actual, name);
            for (var r = 0; r < expected.Count; r++)
            {
                for (var i = 0; i < expected[r].Length; i++)
                {
                    Assert.AreEqual(expected[r][i], actual[r][i], 1e-5f, $"{name}: row {r} ('{names[r]}'), value {i}");
                }
            }
        }
    }

    private static void AssertApart(List<float[]> values, string[] names, params int[] rows)
    {
        foreach (var a in rows)
        {
            foreach (var b in rows.Where(b => b > a))
            {
                var distance = values[a].Zip(values[b], (x, y) => Math.Abs(x - y)).Max();
                Assert.IsGreaterThan(1e-3f, distance, $"'{names[a]}' and '{names[b]}' embed alike");
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
