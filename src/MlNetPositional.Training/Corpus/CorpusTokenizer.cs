using Microsoft.ML.Tokenizers;

namespace MlNetPositional.Training.Corpus;

/// <summary>
/// How corpus text becomes tokens. <c>mlnet-words</c> (the default) is ML.NET's NormalizeText +
/// TokenizeIntoWords, so a pipeline with those two transforms sees the same tokens. <c>tiktoken:NAME</c>
/// (r50k_base, the GPT-2 encoding, or cl100k_base) uses a Microsoft.ML.Tokenizers Tiktoken encoding, whose data ship in the
/// Microsoft.ML.Tokenizers.Data.* packages; the model's vocabulary holds the subword strings seen in
/// the corpus, so an ML.NET pipeline must produce the same strings with the same tokenizer.
/// <c>chars</c> is ML.NET's TokenizeIntoCharactersAsKeys (with its default start and end markers), for
/// short strings such as names and codes: the vocabulary holds the key values' text, so a pipeline
/// that feeds that transform's keys to ApplyPositionalEmbedding matches them.
/// </summary>
public sealed class CorpusTokenizer
{
    /// <summary>The default: ML.NET word tokens.</summary>
    public const string MlNetWords = "mlnet-words";

    /// <summary>Characters as tokens: ML.NET's TokenizeIntoCharactersAsKeys.</summary>
    public const string Characters = "chars";

    private readonly Tokenizer? _tiktoken;

    private CorpusTokenizer(string name, Tokenizer? tiktoken, string description)
    {
        (Name, _tiktoken, Description) = (name, tiktoken, description);
    }

    /// <summary>The setting's value, e.g. <c>tiktoken:r50k_base</c>.</summary>
    public string Name { get; }

    /// <summary>What goes into the model's metadata.</summary>
    public string Description { get; }

    /// <summary>The same as data, for the model's metadata: ML.NET word tokens are lower-cased by NormalizeText, Tiktoken's are not.</summary>
    public Contract.TokenizerRecord Record => new(Name, LowerCase: Name == MlNetWords);

    /// <summary>Parses a tokenizer setting.</summary>
    /// <exception cref="FormatException">Unknown tokenizer; the accepted values are listed.</exception>
    public static CorpusTokenizer Parse(string? name) => name switch
    {
        null or MlNetWords => new CorpusTokenizer(MlNetWords, null, TextCorpus.TokenizerDescription),
        Characters => new CorpusTokenizer(Characters, null, TextCorpus.CharacterTokenizerDescription),
        "tiktoken:r50k_base" or "tiktoken:cl100k_base" => new CorpusTokenizer(name, TiktokenTokenizer.CreateForEncoding(name["tiktoken:".Length..]), $"microsoft.ml.tokenizers:{name}"),
        _ => throw new FormatException($"Unknown tokenizer '{name}'; expected {MlNetWords}, {Characters}, tiktoken:r50k_base or tiktoken:cl100k_base."),
    };

    /// <summary>Subword token strings of <paramref name="text"/> (Tiktoken only).</summary>
    public string[] Tokenize(string text) =>
        _tiktoken is null
            ? throw new InvalidOperationException("ML.NET word and character tokens are produced by the corpus's ML.NET pipeline.")
            : [.. _tiktoken.EncodeToTokens(text, out _).Select(t => t.Value)];
}
