using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Character models for the tests (<see cref="TokenizerModels"/> with a <c>chars</c> tokenizer record):
/// a test chooses exactly which characters the model knows.
/// </summary>
internal static class CharacterModels
{
    /// <summary>ML.NET's start and end markers as the key-value text the vocabulary holds.</summary>
    public const string Start = "<\u2402>";

    /// <inheritdoc cref="Start"/>
    public const string End = "<\u2403>";

    /// <summary>A model file whose vocabulary is <paramref name="tokens"/> (12 of them, [PAD] and [UNK] included).</summary>
    public static string WithVocabulary(params string[] tokens) => TokenizerModels.With(TextTokenizer.Characters, tokens);

    /// <summary>
    /// The character tokens of <paramref name="text"/> as a user would write them down, computed here
    /// with .NET's own code point enumeration (not the library's): ML.NET's markers around the code
    /// points, an unpaired surrogate being U+FFFD as in every .NET encoder. Only for text without
    /// control characters or spaces (which ML.NET names, e.g. &lt;␠&gt;).
    /// </summary>
    public static string[] Tokens(string text) =>
        text.Length == 0 ? [] : [Start, .. text.EnumerateRunes().Select(r => r.ToString()), End];
}
