using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Tokenizers;
using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests.Text;

/// <summary>
/// One model per ML.NET-side tokenizer kind, texts for it, and the token path a user would build for
/// the same tokens without raw text: NormalizeText + TokenizeIntoWords (words),
/// TokenizeIntoCharactersAsKeys (chars), Microsoft.ML.Tokenizers' own Tiktoken encoder into a text
/// token column (tiktoken). Every text fits the order model's 8 positions.
/// </summary>
internal sealed record RawTextCase(string Model, string[] Texts, Func<MLContext, IDataView, IDataView> Tokens)
{
    public const string TokenColumn = "Tokens";

    public static RawTextCase For(string kind) => kind switch
    {
        "words" => Words,
        "chars" => Chars,
        "tiktoken" => Tiktoken,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "words, chars or tiktoken"),
    };

    private static readonly Lazy<string> WordsModel = new(() => TokenizerModels.With(TextTokenizer.MlNetWords,
        "[PAD]", "[UNK]", "the", "cat", "sat", "on", "mat", "dog", "a", "big", "ran", "away"));

    private static readonly Lazy<string> CharsModel = new(() => CharacterModels.WithVocabulary(
        "[PAD]", "[UNK]", CharacterModels.Start, CharacterModels.End, "a", "b", "c", "d", "é", "😀", "x", "y"));

    private static readonly string[] TiktokenTexts = ["Hello world", "Positions matter", "world Hello", "", "Hello, positions!"];

    private static readonly Lazy<string> TiktokenModel = new(() => TokenizerModels.With("tiktoken:r50k_base",
        ["[PAD]", "[UNK]", .. TiktokenTexts.SelectMany(Encode).Distinct().Take(10)]));

    /// <summary>Words: "mat." keeps its full stop (NormalizeText keeps punctuation), so it is [UNK]; upper case is lowered.</summary>
    public static RawTextCase Words => new(WordsModel.Value,
        ["The cat sat on the mat.", "A big dog ran away", "", "the CAT, the dog", "away ran the big dog"],
        (ml, data) => ml.Transforms.Text.NormalizeText("Normalized", "Text")
            .Append(ml.Transforms.Text.TokenizeIntoWords(TokenColumn, "Normalized"))
            .Fit(data).Transform(data));

    /// <summary>Characters, with one outside the Basic Multilingual Plane (a surrogate pair) and one unknown.</summary>
    public static RawTextCase Chars => new(CharsModel.Value,
        ["abc", "dcba", "aé😀", "", "xy?"],
        (ml, data) => ml.Transforms.Text.TokenizeIntoCharactersAsKeys(TokenColumn, "Text").Fit(data).Transform(data));

    /// <summary>Tiktoken subwords (case kept, leading spaces part of the token), made by Microsoft.ML.Tokenizers directly.</summary>
    public static RawTextCase Tiktoken => new(TiktokenModel.Value, TiktokenTexts,
        (ml, data) => ml.Data.LoadFromEnumerable(TiktokenTexts.Select(t => new TokensRow { Text = t, Tokens = Encode(t) })));

    private static string[] Encode(string text) =>
        [.. TiktokenTokenizer.CreateForEncoding("r50k_base").EncodeToTokens(text, out _).Select(t => t.Value)];

    public IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));

    internal sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    internal sealed class Prediction
    {
        public float[] Features { get; set; } = [];
    }

    internal sealed class TokensRow
    {
        public string Text { get; set; } = "";

        [VectorType]
        public string[] Tokens { get; set; } = [];
    }
}
