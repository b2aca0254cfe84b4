using Microsoft.ML.Tokenizers;
using MlNetPositional.Contract;

namespace MlNetPositional.Text;

/// <summary>
/// How text becomes tokens, one setting for training and scoring. <c>mlnet-words</c> (the default) is
/// ML.NET's NormalizeText + TokenizeIntoWords, so a pipeline with those two transforms sees the same
/// tokens. <c>tiktoken:NAME</c> (r50k_base, the GPT-2 encoding, or cl100k_base) uses a
/// Microsoft.ML.Tokenizers Tiktoken encoding, whose data ship in the Microsoft.ML.Tokenizers.Data.*
/// packages; the model's vocabulary holds the subword strings seen in training. <c>chars</c> is ML.NET's
/// TokenizeIntoCharactersAsKeys (with its default start and end markers), for short strings such as
/// names and codes: one token per character (code point), the key value's text for a character of the
/// Basic Multilingual Plane and the character itself outside it (see <see cref="CharacterKeys"/>).
/// <c>wordpiece</c> is BERT's tokenizer over an adopted pretrained model's vocabulary (see
/// <see cref="BertBasicTokenizer"/>), named by the model's metadata rather than chosen for training.
/// </summary>
public sealed class TextTokenizer
{
    /// <summary>The default: ML.NET word tokens.</summary>
    public const string MlNetWords = "mlnet-words";

    /// <summary>Characters as tokens: ML.NET's TokenizeIntoCharactersAsKeys.</summary>
    public const string Characters = "chars";

    /// <summary>How ML.NET word tokens are made, as recorded in model metadata.</summary>
    public const string WordsDescription = @"mlnet:NormalizeText(case=lower,keepDiacritics=false,keepPunctuations=true,keepNumbers=true)+TokenizeIntoWords(separators=' ','\n','\r')";

    /// <summary>
    /// The separators of ML.NET word tokens: ML.NET's default (a space) plus the line breaks a quoted
    /// CSV field may hold, which separate words as a space does. Only multi-line CSV records contain
    /// line breaks, so files without them split exactly as <c>TokenizeIntoWords</c>'s default does.
    /// </summary>
    public static IReadOnlyList<char> WordSeparators { get; } = [' ', '\n', '\r'];

    /// <summary>
    /// How character tokens are made, as recorded in model metadata: ML.NET's character keys read as
    /// code points (a surrogate pair is one token, an unpaired surrogate U+FFFD). Models written before
    /// surrogate pairs were joined say <c>mlnet:TokenizeIntoCharactersAsKeys(useMarkerCharacters=true)</c>.
    /// </summary>
    public const string CharactersDescription = "mlnet:TokenizeIntoCharactersAsKeys(useMarkerCharacters=true)+CodePoints(unpairedSurrogate=U+FFFD)";

    /// <summary>BERT's WordPiece over the model's own vocabulary (adopted pretrained models); a model's metadata says it, not a training setting.</summary>
    public const string WordPiece = "wordpiece";

    private readonly Tokenizer? _tiktoken;
    private readonly WordPieceTokenizer? _wordPiece;
    private readonly TokenizerRecord? _record;

    private TextTokenizer(string name, Tokenizer? tiktoken, string description, WordPieceTokenizer? wordPiece = null, TokenizerRecord? record = null)
    {
        (Name, _tiktoken, Description, _wordPiece, _record) = (name, tiktoken, description, wordPiece, record);
    }

    /// <summary>The setting's value, e.g. <c>tiktoken:r50k_base</c>.</summary>
    public string Name { get; }

    /// <summary>What goes into a model's metadata as free text.</summary>
    public string Description { get; }

    /// <summary>The same as data, for a model's metadata: ML.NET word tokens are lower-cased by NormalizeText, Tiktoken's are not.</summary>
    public TokenizerRecord Record => _record ?? new(Name, LowerCase: Name == MlNetWords);

    /// <summary>True when ML.NET transforms make the tokens (words, characters); false for subwords made here.</summary>
    internal bool IsMlNetPipeline => _tiktoken is null && _wordPiece is null;

    /// <summary>Parses a tokenizer setting.</summary>
    /// <exception cref="FormatException">Unknown tokenizer; the accepted values are listed.</exception>
    public static TextTokenizer Parse(string? name) => name switch
    {
        null or MlNetWords => new TextTokenizer(MlNetWords, null, WordsDescription),
        Characters => new TextTokenizer(Characters, null, CharactersDescription),
        "tiktoken:r50k_base" or "tiktoken:cl100k_base" => new TextTokenizer(name, TiktokenTokenizer.CreateForEncoding(name["tiktoken:".Length..]), $"microsoft.ml.tokenizers:{name}"),
        WordPiece => throw new FormatException($"The '{WordPiece}' tokenizer comes with a pretrained model's vocabulary (adopt one); it is not a setting for training from scratch."),
        _ => throw new FormatException($"Unknown tokenizer '{name}'; expected {MlNetWords}, {Characters}, tiktoken:r50k_base or tiktoken:cl100k_base."),
    };

    /// <summary>How a WordPiece model's text is described in its metadata.</summary>
    public static string WordPieceDescription(TokenizerRecord record) =>
        $"bert-wordpiece({(record.LowerCase ? "uncased" : "cased")}{(record.EffectiveStripAccents ? ", accents stripped" : "")}): clean, split on whitespace, punctuation and CJK ideographs, then WordPiece; [CLS] ... [SEP]";

    /// <summary>The tokenizer a model was trained with, from its metadata.</summary>
    /// <exception cref="InvalidOnnxModelException">The model has no tokenizer record (it was trained on token ids, or in pipeline.Fit on tokens the pipeline made), or names an unknown tokenizer.</exception>
    public static TextTokenizer ForModel(ModelMetadata metadata, string source)
    {
        if (metadata.TokenizerRecord is not { } record)
        {
            throw new InvalidOnnxModelException(source,
                "it has no tokenizer record (it was trained on token ids or on tokens an ML.NET pipeline made), so it cannot say how to split text; give it token columns through ApplyPositionalEmbedding instead.");
        }

        try
        {
            return record.Name == WordPiece
                ? new TextTokenizer(WordPiece, null, WordPieceDescription(record), WordPieceTokenizer.For(metadata.Vocabulary, record), record)
                : Parse(record.Name);
        }
        catch (FormatException e)
        {
            throw new InvalidOnnxModelException(source, $"its tokenizer record names a tokenizer this version does not know: {e.Message}", e);
        }
    }

    /// <summary>Subword token strings of <paramref name="text"/> (Tiktoken; WordPiece with <c>[CLS]</c> first and <c>[SEP]</c> last).</summary>
    /// <exception cref="InvalidOperationException">Word and character tokens are made by ML.NET transforms (see <see cref="TextFile"/>).</exception>
    public string[] Tokenize(string text) =>
        _wordPiece?.Tokenize(text)
        ?? (_tiktoken is null
            ? throw new InvalidOperationException("ML.NET word and character tokens are produced by an ML.NET pipeline (TextFile runs it).")
            : [.. _tiktoken.EncodeToTokens(text, out _).Select(t => t.Value)]);

    /// <summary>
    /// The tokens a model of at most <paramref name="maxLength"/> positions reads: the first ones, except
    /// that WordPiece keeps its closing <c>[SEP]</c> last, as BERT models were trained to see it.
    /// </summary>
    public string[] Truncate(string[] tokens, int maxLength) =>
        _wordPiece is not null ? WordPieceTokenizer.Truncate(tokens, maxLength)
        : tokens.Length <= maxLength ? tokens : tokens[..maxLength];
}
