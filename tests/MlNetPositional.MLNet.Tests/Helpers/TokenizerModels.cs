using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Models that name a tokenizer: the order model (12 token rows, trained apart, so different ids give
/// different embeddings; max length 8) relabelled with a vocabulary of 12 tokens and the tokenizer
/// record of <c>mlnet-words</c>, <c>chars</c> or <c>tiktoken:*</c>. Scoring needs nothing more, and a
/// test chooses exactly which tokens the model knows.
/// </summary>
internal static class TokenizerModels
{
    /// <summary>The order model's own vocabulary: [PAD] [UNK] t2..t11.</summary>
    public static readonly string[] OrderVocabulary = ["[PAD]", "[UNK]", .. Enumerable.Range(2, 10).Select(i => $"t{i}")];

    /// <summary>A model file splitting text with <paramref name="tokenizer"/> whose vocabulary is <paramref name="tokens"/> (12 of them, [PAD] and [UNK] first).</summary>
    public static string With(string tokenizer, params string[] tokens)
    {
        var model = OnnxModelFile.Read(TestModels.Order);
        var parsed = TextTokenizer.Parse(tokenizer);
        var metadata = OnnxModelFile.ReadMetadata(model, TestModels.Order) with
        {
            Vocabulary = new Vocabulary(tokens),
            Tokenizer = parsed.Description,
            TokenizerRecord = parsed.Record,
        };
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(metadata.ToProperties().Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        var path = Path.Combine(Directory.CreateTempSubdirectory("tokenizer-model-").FullName, "model.onnx");
        OnnxModelFile.Write(path, model);
        return path;
    }
}
