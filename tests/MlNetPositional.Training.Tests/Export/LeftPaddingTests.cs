using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Training.Export;

namespace MlNetPositional.Training.Tests.Export;

/// <summary>
/// Contract version 2: the exported graph derives each token's position from attention_mask, so a
/// left-padded batch and a right-padded batch give the same embeddings for the same tokens, through
/// plain ONNX Runtime and with no help from this library's runtime.
/// </summary>
[TestClass]
public sealed class LeftPaddingTests
{
    private const float Tolerance = 1e-5f;

    public static IEnumerable<object[]> Configurations =>
        from kind in Enum.GetValues<PositionalKind>()
        from layers in new[] { 0, 2 }
        where !(kind.IsRelative() && layers == 0)   // rope and alibi act inside attention layers
        select new object[] { kind.ToName(), layers };

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void LeftAndRightPaddedBatches_GiveTheSameTokensAndPooled(string positional, int layers)
    {
        var config = new ModelConfig { VocabSize = 20, MaxLength = 10, Dim = 16, Heads = 4, Layers = layers, Positional = PositionalKindNames.Parse(positional), PadId = 0 };
        using var encoder = TestEncoders.Random(config, seed: 11 + layers);
        using var ort = new OrtEncoder(OnnxExporter.Export(encoder, Vocabulary.Synthetic(20)).ToByteArray());
        var random = new Random(5);
        int[] lengths = [10, 1, 6, 3, 9];
        var sequences = lengths.Select(n => Enumerable.Range(0, n).Select(_ => (long)random.Next(1, 20)).ToArray()).ToArray();

        var right = Run(ort, sequences, config.MaxLength, leftPadded: false);
        var left = Run(ort, sequences, config.MaxLength, leftPadded: true);

        for (var r = 0; r < sequences.Length; r++)
        {
            AssertClose(right.Tokens[r], left.Tokens[r], $"{positional}/{layers}: tokens of row {r}");
            AssertClose(right.Pooled[r], left.Pooled[r], $"{positional}/{layers}: pooled of row {r}");
        }
    }

    [TestMethod]
    public void Positions_AreCountedFromTheFirstRealToken()
    {
        // A model with positions only (no token signal): token t's embedding must be position row t
        // plus its token row, wherever the padding sits.
        var config = new ModelConfig { VocabSize = 20, MaxLength = 10, Dim = 8, Heads = 2, Layers = 0 };
        using var encoder = TestEncoders.Random(config, seed: 2);
        using var ort = new OrtEncoder(OnnxExporter.Export(encoder, Vocabulary.Synthetic(20)).ToByteArray());
        var positions = encoder.Embedding.PositionTable!.data<float>().ToArray();
        var tokens = encoder.Embedding.TokenTable.data<float>().ToArray();

        var left = Run(ort, [[4, 7, 9]], length: 6, leftPadded: true);

        for (var t = 0; t < 3; t++)
        {
            var id = new long[] { 4, 7, 9 }[t];
            var expected = Enumerable.Range(0, 8).Select(d => tokens[(id * 8) + d] + positions[(t * 8) + d]).ToArray();
            AssertClose(expected, left.Tokens[0][(t * 8)..((t + 1) * 8)], $"token {t}");
        }
    }

    /// <summary>Pads every sequence to <paramref name="length"/> on one side; returns each row's real-token embeddings and pooled vector.</summary>
    private static (float[][] Tokens, float[][] Pooled) Run(OrtEncoder ort, long[][] sequences, int length, bool leftPadded)
    {
        var (rows, dim) = (sequences.Length, 0);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            var start = leftPadded ? length - sequences[r].Length : 0;
            sequences[r].CopyTo(ids, (r * length) + start);
            mask.AsSpan((r * length) + start, sequences[r].Length).Fill(1);
        }

        var output = ort.Run(ids, mask, rows, length);
        dim = (int)output.PooledShape[1];
        var tokens = new float[rows][];
        var pooled = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var start = leftPadded ? length - sequences[r].Length : 0;
            tokens[r] = output.Embeddings.AsSpan(((r * length) + start) * dim, sequences[r].Length * dim).ToArray();
            pooled[r] = output.Pooled.AsSpan(r * dim, dim).ToArray();
        }

        return (tokens, pooled);
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.IsTrue(worst <= Tolerance, $"{what}: differs by {worst}");
    }
}
