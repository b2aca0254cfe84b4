using Microsoft.ML;
using MlNetPositional.Contract;
using MlNetPositional.Text;

namespace MlNetPositional.Scoring;

/// <summary>
/// How one transform splits a raw-text column (<see cref="TokenColumnKind.RawText"/>): with the model's
/// own tokenizer, named by its tokenizer record. For ML.NET's tokenizers (words, characters) that is
/// the tokenizer's ML.NET chain (<see cref="TextTokenizer.MlNetTokens"/>), fitted once, writing its
/// tokens into <see cref="TokenColumnName"/> of a view only the token reader reads, so the transform's
/// output never shows it; subwords (Tiktoken, WordPiece) are made by the token reader itself.
/// </summary>
internal sealed class TextTokens
{
    /// <summary>The token column the ML.NET chain writes, in the view the token reader reads.</summary>
    public const string TokenColumnName = "PositionalEmbedding.TextTokens";

    private TextTokens(TextTokenizer tokenizer, ITransformer? chain) => (Tokenizer, Chain) = (tokenizer, chain);

    /// <summary>The model's tokenizer.</summary>
    public TextTokenizer Tokenizer { get; }

    /// <summary>For ML.NET's tokenizers: the fitted chain from the text column to <see cref="TokenColumnName"/>; null for subwords.</summary>
    public ITransformer? Chain { get; }

    /// <summary>The tokens of the model <paramref name="model"/> for a text column named <paramref name="textColumnName"/>, or null when the model has no tokenizer record.</summary>
    /// <exception cref="InvalidOnnxModelException">The record names a tokenizer this version does not know.</exception>
    public static TextTokens? For(ModelMetadata model, string source, string textColumnName)
    {
        if (model.TokenizerRecord is null)
        {
            return null;
        }

        var tokenizer = TextTokenizer.ForModel(model, source);
        return new TextTokens(tokenizer, tokenizer.FitMlNetTokens(new MLContext(seed: 0), TokenColumnName, textColumnName));
    }

    /// <summary>The refusal of a raw-text column by a model that cannot split text.</summary>
    /// <param name="column">The raw-text column.</param>
    /// <param name="source">The model (its path, or what it was made from).</param>
    public static ArgumentOutOfRangeException NoTokenizer(string column, string source) =>
        new("inputSchema",
            $"Column '{column}' is raw text (a scalar Text column), but the model '{source}' has no tokenizer record: it was trained on token ids (or on tokens an ML.NET pipeline made), so it cannot say how to split text. Give ApplyPositionalEmbedding a token column instead (e.g. NormalizeText + TokenizeIntoWords, or token ids).");
}
