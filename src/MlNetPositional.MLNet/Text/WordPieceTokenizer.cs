using System.Text;
using Microsoft.ML.Tokenizers;
using MlNetPositional.Contract;

namespace MlNetPositional.Text;

/// <summary>
/// BERT's tokenizer over a model's own vocabulary: <see cref="BertBasicTokenizer"/>, then
/// Microsoft.ML.Tokenizers' WordPiece (greedy longest match with the <c>##</c> continuation prefix; a
/// word it cannot cover, or longer than 100 characters, is <c>[UNK]</c>), framed as
/// <c>[CLS] pieces [SEP]</c>. Over-long input is cut before <c>[SEP]</c>, which stays last, as Hugging
/// Face's truncation does.
/// </summary>
internal sealed class WordPieceTokenizer
{
    /// <summary>The special tokens BERT vocabularies carry, kept whole when written in the text.</summary>
    public static readonly string[] SpecialTokens = ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"];

    private readonly BertTokenizer _wordPiece;
    private readonly Vocabulary _vocabulary;
    private readonly TokenizerRecord _record;
    private readonly string[] _specials;

    private WordPieceTokenizer(BertTokenizer wordPiece, Vocabulary vocabulary, TokenizerRecord record)
    {
        (_wordPiece, _vocabulary, _record) = (wordPiece, vocabulary, record);
        _specials = [.. SpecialTokens.Where(vocabulary.Contains)];
    }

    /// <summary>The tokenizer of a model whose vocabulary is a BERT WordPiece vocabulary.</summary>
    /// <exception cref="FormatException">The vocabulary lacks [CLS], [SEP] or [UNK].</exception>
    public static WordPieceTokenizer For(Vocabulary vocabulary, TokenizerRecord record)
    {
        var missing = new[] { "[CLS]", "[SEP]", "[UNK]" }.Where(t => !vocabulary.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"a wordpiece tokenizer needs {string.Join(", ", missing)} in the vocabulary.");
        }

        using var lines = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', vocabulary.Tokens)));
        // Only WordPiece: the words arrive split by BertBasicTokenizer (see its remarks for why).
        var wordPiece = BertTokenizer.Create(lines, new BertOptions
        {
            ApplyBasicTokenization = false,
            LowerCaseBeforeTokenization = false,
            RemoveNonSpacingMarks = false,
            IndividuallyTokenizeCjk = false,
            SplitOnSpecialTokens = true,
        });
        return new WordPieceTokenizer(wordPiece, vocabulary, record);
    }

    /// <summary>The tokens of <paramref name="text"/>: <c>[CLS]</c>, its pieces, <c>[SEP]</c>.</summary>
    public string[] Tokenize(string text)
    {
        var words = BertBasicTokenizer.Words(text, _record.LowerCase, _record.EffectiveStripAccents, _specials);
        var ids = _wordPiece.EncodeToIds(string.Join(' ', words), addSpecialTokens: false);
        var tokens = new string[ids.Count + 2];
        tokens[0] = "[CLS]";
        for (var i = 0; i < ids.Count; i++)
        {
            tokens[i + 1] = _vocabulary[ids[i]];
        }

        tokens[^1] = "[SEP]";
        return tokens;
    }

    /// <summary>The first <paramref name="maxLength"/> tokens with <c>[SEP]</c> kept last (BERT reads its position as the end).</summary>
    public static string[] Truncate(string[] tokens, int maxLength) =>
        tokens.Length <= maxLength ? tokens
        : maxLength < 2 ? tokens[..maxLength]
        : [.. tokens[..(maxLength - 1)], tokens[^1]];
}
