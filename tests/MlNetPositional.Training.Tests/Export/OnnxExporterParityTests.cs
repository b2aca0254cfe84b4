using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.Export;
using MlNetPositional.Training.Model;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.Export;

/// <summary>ONNX Runtime on the exported graph against TorchSharp on the module, for every configuration.</summary>
[TestClass]
public sealed class OnnxExporterParityTests
{
    private const float Tolerance = 1e-5f;

    public static IEnumerable<object[]> Configurations =>
        from kind in Enum.GetValues<PositionalKind>()
        from layers in new[] { 0, 1, 3 }
        from padId in new[] { 0, 5 }
        where !(kind.IsRelative() && layers == 0)   // rope and alibi act inside attention layers
        select new object[] { kind.ToName(), layers, padId };

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void Export_OrtMatchesTorch_Batches1To8_AllLengths(string positional, int layers, int padId)
    {
        var config = new ModelConfig { VocabSize = 20, MaxLength = 10, Dim = 16, Heads = 4, Layers = layers, Positional = PositionalKindNames.Parse(positional), PadId = padId };
        using var encoder = TestEncoders.Random(config, seed: 7 + layers + padId);
        using var ort = new OrtEncoder(OnnxExporter.Export(encoder, Vocabulary.Synthetic(20, padId)).ToByteArray());
        var random = new Random(3);

        for (var rows = 1; rows <= 8; rows++)
        {
            // Every length 1..max appears across the batches; the first row of each batch has the
            // longest length, the others are shorter (padded) rows.
            var lengths = Enumerable.Range(0, rows).Select(r => r == 0 ? 1 + ((rows * 3) % config.MaxLength) : random.Next(1, config.MaxLength + 1)).ToArray();
            lengths[0] = rows == 8 ? config.MaxLength : lengths[0];
            AssertParity(encoder, ort, config, lengths, random);
        }

        for (var length = 1; length <= config.MaxLength; length++)
        {
            AssertParity(encoder, ort, config, [length, Math.Max(1, length / 2)], random);
        }
    }

    [TestMethod]
    [DataRow("rope", false)]
    [DataRow("alibi", false)]
    [DataRow("alibi", true)]
    public void RelativeKinds_ScoreSequencesPastMaxLength_MatchingTorch(string positional, bool symmetric)
    {
        // Angles and biases come from the actual positions, so the graph takes any length: 3x the
        // length the config names, in padded batches.
        var config = new ModelConfig { VocabSize = 20, MaxLength = 10, Dim = 16, Heads = 4, Layers = 2, Positional = PositionalKindNames.Parse(positional), AlibiSymmetric = symmetric };
        using var encoder = TestEncoders.Random(config, seed: 11);
        using var ort = new OrtEncoder(OnnxExporter.Export(encoder, Vocabulary.Synthetic(20)).ToByteArray());
        var random = new Random(5);

        foreach (var longest in new[] { 11, 17, 30 })
        {
            AssertParity(encoder, ort, config, [longest, longest / 2, 1], random);
        }
    }

    [TestMethod]
    public void Export_EveryOpset17To21_LoadsAndMatches()
    {
        var config = new ModelConfig { VocabSize = 20, MaxLength = 10, Dim = 16, Heads = 2, Layers = 2 };
        using var encoder = TestEncoders.Random(config, seed: 1);
        for (var opset = 17; opset <= 21; opset++)
        {
            var model = OnnxExporter.Export(encoder, Vocabulary.Synthetic(20), opset);
            Assert.AreEqual(opset, model.OpsetImport.Single().Version);
            Assert.AreEqual(opset switch { 17 or 18 => 8L, 19 or 20 => 9L, _ => 10L }, model.IrVersion);
            using var ort = new OrtEncoder(model.ToByteArray());
            AssertParity(encoder, ort, config, [10, 4, 1], new Random(opset));
        }
    }

    [TestMethod]
    public void Export_OpsetOutsideRange_ThrowsNamingRange()
    {
        using var encoder = TestEncoders.Random(new ModelConfig(), seed: 1);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => OnnxExporter.Export(encoder, Vocabulary.Synthetic(64), opset: 16));

        StringAssert.Contains(error.Message, "use 17 to 21");
    }

    [TestMethod]
    public void Export_FileIsAboutTheSizeOfTheParameters_AndRoundTripsByteForByte()
    {
        var config = new ModelConfig { VocabSize = 1000, MaxLength = 64, Dim = 64, Heads = 4, Layers = 2 };
        using var encoder = TestEncoders.Random(config, seed: 2);

        var bytes = OnnxExporter.Export(encoder, Vocabulary.Synthetic(1000), trainingSeed: 2, metricsJson: "{}").ToByteArray();

        var parameterBytes = encoder.parameters().Sum(p => p.numel()) * 4;
        Assert.IsTrue(bytes.Length <= (parameterBytes * 1.01) + (64 * 1024), $"{bytes.Length} bytes for {parameterBytes} parameter bytes");
        CollectionAssert.AreEqual(bytes, OnnxModelFile.Parse(bytes, "exported").ToByteArray(), "read then written again: identical bytes");
    }

    [TestMethod]
    public void Export_Metadata_DescribesTheModel()
    {
        var config = new ModelConfig { VocabSize = 12, MaxLength = 6, Dim = 8, Heads = 2, Layers = 1, Positional = PositionalKind.Sinusoidal, PadId = 3 };
        using var encoder = TestEncoders.Random(config, seed: 4);
        var vocabulary = Vocabulary.Synthetic(12, padId: 3);

        var model = OnnxExporter.Export(encoder, vocabulary, trainingSeed: 42, metricsJson: "{\"eval_accuracy\": 0.5}");
        var metadata = OnnxModelFile.ReadMetadata(model, "exported");

        Assert.AreEqual(config, metadata.Config);
        CollectionAssert.AreEqual(vocabulary.Tokens.ToArray(), metadata.Vocabulary.Tokens.ToArray());
        Assert.AreEqual(ModelContract.Version, metadata.ContractVersion);
        Assert.AreEqual(OnnxExporter.ProducerVersion, metadata.ProducerVersion);
        Assert.AreEqual(42, metadata.TrainingSeed);
        Assert.AreEqual("{\"eval_accuracy\": 0.5}", metadata.MetricsJson);
        Assert.AreEqual(ModelContract.ProducerName, model.ProducerName);
        CollectionAssert.AreEqual(new[] { "batch", "seq" }, model.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam).ToArray());
        CollectionAssert.AreEqual(new[] { ModelContract.Embeddings, ModelContract.Pooled }, model.Graph.Output.Select(o => o.Name).ToArray());
    }

    private static void AssertParity(PositionalEncoder encoder, OrtEncoder ort, ModelConfig config, int[] lengths, Random random)
    {
        var (rows, length) = (lengths.Length, lengths.Max());
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        Array.Fill(ids, config.PadId);
        for (var r = 0; r < rows; r++)
        {
            for (var t = 0; t < lengths[r]; t++)
            {
                long id;
                do
                {
                    id = random.Next(config.VocabSize);
                }
                while (id == config.PadId);
                ids[(r * length) + t] = id;
                mask[(r * length) + t] = 1;
            }
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var idsTensor = tensor(ids, [rows, length]);
        var maskTensor = tensor(mask, [rows, length]);
        var hidden = encoder.forward(idsTensor, maskTensor);
        var expectedEmbeddings = hidden.data<float>().ToArray();
        var expectedPooled = PositionalEncoder.Pool(hidden, maskTensor).data<float>().ToArray();

        var actual = ort.Run(ids, mask, rows, length);

        CollectionAssert.AreEqual(new long[] { rows, length, config.Dim }, actual.EmbeddingsShape);
        CollectionAssert.AreEqual(new long[] { rows, config.Dim }, actual.PooledShape);
        var embeddingsDiff = expectedEmbeddings.Zip(actual.Embeddings).Max(p => Math.Abs(p.First - p.Second));
        var pooledDiff = expectedPooled.Zip(actual.Pooled).Max(p => Math.Abs(p.First - p.Second));
        Assert.IsTrue(embeddingsDiff <= Tolerance, $"{config.Positional.ToName()}, {config.Layers} layers, pad {config.PadId}, lengths [{string.Join(",", lengths)}]: embeddings differ by {embeddingsDiff}");
        Assert.IsTrue(pooledDiff <= Tolerance, $"lengths [{string.Join(",", lengths)}]: pooled differs by {pooledDiff}");
    }
}
