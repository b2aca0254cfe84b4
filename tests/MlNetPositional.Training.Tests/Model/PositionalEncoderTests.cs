using MlNetPositional.Contract;
using MlNetPositional.Training.Model;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.Model;

[TestClass]
public sealed class PositionalEncoderTests
{
    private static ModelConfig Config(PositionalKind kind, int layers = 2) =>
        new() { VocabSize = 20, MaxLength = 8, Dim = 16, Heads = 4, Layers = layers, Positional = kind };

    [TestMethod]
    public void Forward_Shapes_AndPadPositionsAreZero()
    {
        manual_seed(1);
        using var model = new PositionalEncoder(Config(PositionalKind.Learned));
        model.eval();
        using var ids = tensor(new long[] { 5, 6, 7, 0, 8, 0, 0, 0 }, [2, 4]);
        using var mask = tensor(new long[] { 1, 1, 1, 0, 1, 0, 0, 0 }, [2, 4]);

        using var hidden = model.forward(ids, mask);
        using var pooled = PositionalEncoder.Pool(hidden, mask);

        CollectionAssert.AreEqual(new long[] { 2, 4, 16 }, hidden.shape);
        CollectionAssert.AreEqual(new long[] { 2, 16 }, pooled.shape);
        Assert.AreEqual(0f, hidden[0, 3].abs().sum().item<float>());
        Assert.AreEqual(0f, hidden[1, 1..].abs().sum().item<float>());
        Assert.AreEqual(0f, (pooled[1] - hidden[1, 0]).abs().max().item<float>(), 1e-6f, "a one-token row pools to that token");
        Assert.IsTrue(hidden[0, 0].abs().sum().item<float>() > 0);
    }

    [TestMethod]
    public void Forward_LongerThanMaxLength_ThrowsNamingBothLengths()
    {
        using var model = new PositionalEncoder(Config(PositionalKind.Learned));
        using var ids = ones(1, 9, dtype: ScalarType.Int64);

        var error = Assert.ThrowsExactly<ArgumentException>(() => model.forward(ids, ids));

        StringAssert.Contains(error.Message, "9");
        StringAssert.Contains(error.Message, "max length 8");
    }

    [TestMethod]
    public void NoPositions_OutputIsPermutationEquivariant_LearnedIsNot()
    {
        // Without positional information a self-attention stack cannot tell orders apart: permuting
        // the tokens permutes the outputs. This is why every dummy task stays at chance without positions.
        int[] order = [3, 0, 4, 1, 2];
        foreach (var (kind, equivariant) in new[] { (PositionalKind.None, true), (PositionalKind.Learned, false) })
        {
            manual_seed(2);
            using var model = new PositionalEncoder(Config(kind));
            model.eval();
            long[] tokens = [5, 9, 11, 13, 17];
            using var ids = tensor(tokens, [1, 5]);
            using var permutedIds = tensor(order.Select(i => tokens[i]).ToArray(), [1, 5]);
            using var mask = ones(1, 5, dtype: ScalarType.Int64);

            using var output = model.forward(ids, mask);
            using var permuted = model.forward(permutedIds, mask);
            using var reordered = output.index_select(1, tensor(order.Select(i => (long)i).ToArray()));
            var difference = (reordered - permuted).abs().max().item<float>();

            Assert.AreEqual(equivariant, difference < 1e-5f, $"{kind}: max difference {difference}");
        }
    }

    [TestMethod]
    public void PositionTable_PerKind_LearnedOrFixedAsDocumented()
    {
        using var learned = new PositionalEncoder(Config(PositionalKind.Learned, 0));
        using var fixedTable = new PositionalEncoder(Config(PositionalKind.Sinusoidal, 0));
        using var sinusoidInit = new PositionalEncoder(Config(PositionalKind.LearnedSinusoidalInit, 0));
        using var none = new PositionalEncoder(Config(PositionalKind.None, 0));

        Assert.IsTrue(learned.Embedding.PositionTable!.requires_grad);
        Assert.IsFalse(fixedTable.Embedding.PositionTable!.requires_grad);
        Assert.IsTrue(sinusoidInit.Embedding.PositionTable!.requires_grad);
        Assert.IsNull(none.Embedding.PositionTable);
        Assert.AreEqual(0f, (fixedTable.Embedding.PositionTable - sinusoidInit.Embedding.PositionTable).abs().max().item<float>());
        Assert.AreEqual(1, learned.parameters().Count() - fixedTable.parameters().Count(), "the fixed table is not a parameter");
        Assert.AreEqual(1, fixedTable.buffers().Count(), "the fixed table is a buffer, saved with the model");
    }

    [TestMethod]
    public void SinusoidalTable_MatchesFormula()
    {
        var table = SinusoidalTable.Create(maxLength: 4, dim: 6);

        Assert.AreEqual(0f, table[0]);
        Assert.AreEqual(1f, table[1]);
        Assert.AreEqual((float)Math.Sin(3.0), table[(3 * 6) + 0], 1e-7f);
        Assert.AreEqual((float)Math.Cos(3.0), table[(3 * 6) + 1], 1e-7f);
        Assert.AreEqual((float)Math.Sin(2.0 / Math.Pow(10000, 4.0 / 6)), table[(2 * 6) + 4], 1e-7f);
    }

    [TestMethod]
    public void PadRow_IsZeroAndGetsNoGradient()
    {
        manual_seed(3);
        using var model = new PositionalEncoder(Config(PositionalKind.Learned, 1) with { PadId = 4 });
        using var ids = tensor(new long[] { 5, 4, 6, 4 }, [1, 4]);
        using var mask = ones(1, 4, dtype: ScalarType.Int64);

        model.forward(ids, mask).sum().backward();

        Assert.AreEqual(0f, model.Embedding.TokenTable[4].abs().sum().item<float>());
        Assert.AreEqual(0f, model.Embedding.TokenTable.grad![4].abs().sum().item<float>());
    }
}
