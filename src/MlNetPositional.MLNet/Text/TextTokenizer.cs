using Microsoft.ML;
using Microsoft.ML.Data;
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

    private const string TokensColumn = "Tokens";

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

    /// <summary>
    /// The tokens of <paramref name="text"/>: ML.NET's transforms for words and characters (see
    /// <see cref="Tokenize(IEnumerable{string})"/>), Tiktoken's subwords, or WordPiece's with <c>[CLS]</c>
    /// first and <c>[SEP]</c> last. For many texts, the overload that takes them all runs ML.NET once.
    /// </summary>
    public string[] Tokenize(string text) =>
        _wordPiece?.Tokenize(text)
        ?? (_tiktoken is null ? Tokenize([text])[0] : [.. _tiktoken.EncodeToTokens(text, out _).Select(t => t.Value)]);

    /// <summary>
    /// The tokens of each of <paramref name="texts"/>, in order. Words and characters are made by the
    /// same ML.NET transforms a text file, <c>ApplyPositionalEmbedding</c> on a raw-text column and its
    /// saved pipeline use (NormalizeText + TokenizeIntoWords over <see cref="WordSeparators"/>, or
    /// TokenizeIntoCharactersAsKeys read as one token per code point, see <see cref="CharacterTokenNames"/>).
    /// </summary>
    public IReadOnlyList<string[]> Tokenize(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextLine { Text = t }));
        var tokens = MlNetTokens(ml, TokensColumn, nameof(TextLine.Text))?.Fit(data).Transform(data) ?? data;
        var column = tokens.Schema[IsMlNetPipeline ? TokensColumn : nameof(TextLine.Text)];
        using var cursor = tokens.GetRowCursor([column]);
        var read = TokenStrings.Reader(cursor, column, this);
        var rows = new List<string[]>();
        while (cursor.MoveNext())
        {
            rows.Add(read());
        }

        return rows;
    }

    /// <summary>
    /// For ML.NET's tokenizers, the one chain that makes their tokens of the scalar text column
    /// <paramref name="inputColumnName"/> into <paramref name="outputColumnName"/>: NormalizeText then
    /// TokenizeIntoWords over <see cref="WordSeparators"/> (a vector of text; the normalised text is an
    /// earlier, hidden column of the same name), or TokenizeIntoCharactersAsKeys (a vector of character
    /// keys). Null for subwords, which <see cref="Tokenize(string)"/> makes. Text files, the transform on a
    /// raw-text column and the stock chain it saves as all build their tokens with it.
    /// </summary>
    internal IEstimator<ITransformer>? MlNetTokens(MLContext ml, string outputColumnName, string inputColumnName) => Name switch
    {
        MlNetWords => ml.Transforms.Text.NormalizeText(outputColumnName, inputColumnName)
            .Append(ml.Transforms.Text.TokenizeIntoWords(outputColumnName, outputColumnName, [.. WordSeparators])),
        Characters => ml.Transforms.Text.TokenizeIntoCharactersAsKeys(outputColumnName, inputColumnName),
        _ => null,
    };

    /// <summary>
    /// <see cref="MlNetTokens"/> fitted for a text column named <paramref name="inputColumnName"/> (its
    /// estimators read no data: fitted on an empty view), to apply to any view with that column.
    /// </summary>
    internal ITransformer? FitMlNetTokens(MLContext ml, string outputColumnName, string inputColumnName)
    {
        var definition = SchemaDefinition.Create(typeof(TextLine));
        definition[0].ColumnName = inputColumnName;
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<TextLine>(), definition);
        return MlNetTokens(ml, outputColumnName, inputColumnName)?.Fit(empty);
    }
    /// <summary>
    /// The tokens a model of at most <paramref name="maxLength"/> positions reads: the first ones, except
    /// that WordPiece keeps its closing <c>[SEP]</c> last, as BERT models were trained to see it.
    /// </summary>
    public string[] Truncate(string[] tokens, int maxLength) =>
        _wordPiece is not null ? WordPieceTokenizer.Truncate(tokens, maxLength)
        : tokens.Length <= maxLength ? tokens : tokens[..maxLength];
}
