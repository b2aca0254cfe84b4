using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Character models for the tests: the order model (12 token rows, trained apart, so different ids
/// give different embeddings) relabelled with a vocabulary of 12 character tokens and a <c>chars</c>
/// tokenizer record. Scoring needs nothing more, and a test can choose exactly which characters the
/// model knows.
/// </summary>
internal static class CharacterModels
{
    /// <summary>ML.NET's start and end markers as the key-value text the vocabulary holds.</summary>
    public const string Start = "<\u2402>";

    /// <inheritdoc cref="Start"/>
    public const string End = "<\u2403>";

    /// <summary>A model file whose vocabulary is <paramref name="tokens"/> (12 of them, [PAD] and [UNK] included).</summary>
    public static string WithVocabulary(params string[] tokens)
    {
        var model = OnnxModelFile.Read(TestModels.Order);
        var metadata = OnnxModelFile.ReadMetadata(model, TestModels.Order) with
        {
            Vocabulary = new Vocabulary(tokens),
            Tokenizer = TextTokenizer.Parse(TextTokenizer.Characters).Description,
            TokenizerRecord = TextTokenizer.Parse(TextTokenizer.Characters).Record,
        };
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(metadata.ToProperties().Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        var path = Path.Combine(Directory.CreateTempSubdirectory("char-model-").FullName, "chars.onnx");
        OnnxModelFile.Write(path, model);
        return path;
    }

    /// <summary>
    /// The character tokens of <paramref name="text"/> as a user would write them down, computed here
    /// with .NET's own code point enumeration (not the library's): ML.NET's markers around the code
    /// points, an unpaired surrogate being U+FFFD as in every .NET encoder. Only for text without
    /// control characters or spaces (which ML.NET names, e.g. &lt;␠&gt;).
    /// </summary>
    public static string[] Tokens(string text) =>
        text.Length == 0 ? [] : [Start, .. text.EnumerateRunes().Select(r => r.ToString()), End];
}
