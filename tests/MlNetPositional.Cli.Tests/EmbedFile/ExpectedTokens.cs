using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Tokenizers;

namespace MlNetPositional.Cli.Tests.EmbedFile;

/// <summary>
/// The tokens each tokenizer gives, computed here with ML.NET and Microsoft.ML.Tokenizers directly (not
/// through the library's TextFile), as a user's own pipeline would.
/// </summary>
internal static class ExpectedTokens
{
    public static IReadOnlyList<string[]> For(string tokenizer, IReadOnlyList<string> texts)
    {
        if (tokenizer.StartsWith("tiktoken:", StringComparison.Ordinal))
        {
            var tiktoken = TiktokenTokenizer.CreateForEncoding(tokenizer["tiktoken:".Length..]);
            return [.. texts.Select(t => tiktoken.EncodeToTokens(t, out _).Select(token => token.Value).ToArray())];
        }

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        if (tokenizer == "chars")
        {
            // One token per code point of the text (.NET's rune enumeration), inside ML.NET's start and
            // end markers, named as TokenizeIntoCharactersAsKeys names its keys in the Basic Multilingual
            // Plane (its key-value text of a surrogate is meaningless: a character past it is itself).
            var keys = ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Tokens", nameof(TextRow.Text)).Fit(data).Transform(data);
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            keys.Schema["Tokens"].GetKeyValues(ref names);
            var text = names.DenseValues().Select(n => n.ToString()).ToArray();
            string Name(Rune r) => r.Value == 0 ? "[UNK]" : r.IsBmp ? text[r.Value - 1] : r.ToString();
            string[] Tokens(string t) => t.Length == 0 ? [] : [text['\u0002' - 1], .. t.EnumerateRunes().Select(Name), text['\u0003' - 1]];
            return [.. texts.Select(Tokens)];
        }

        var words = ml.Transforms.Text.NormalizeText("Normalized", nameof(TextRow.Text))
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Fit(data).Transform(data);
        return [.. words.GetColumn<VBuffer<ReadOnlyMemory<char>>>("Tokens").Select(v => v.DenseValues().Select(t => t.ToString()).ToArray())];
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }
}
