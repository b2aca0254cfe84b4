using MlNetPositional.Contract;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Tasks;

[TestClass]
public sealed class MatchBackTaskTests
{
    [TestMethod]
    public void Labels_SayWhetherTheTokenKBackIsTheSame_AboutHalfMatch()
    {
        var task = new MatchBackTask(Vocabulary.Synthetic(12), maxLength: 40, offset: 3);
        var random = new Random(1);
        long matches = 0, comparable = 0;
        for (var n = 0; n < 500; n++)
        {
            var example = task.Sample(random);
            for (var i = 0; i < example.Tokens.Length; i++)
            {
                var expected = i >= 3 && example.Tokens[i] == example.Tokens[i - 3] ? 1 : 0;
                Assert.AreEqual(expected, example.Labels[i], $"example {n}, position {i}");
                if (i >= 3)
                {
                    comparable++;
                    matches += expected;
                }
            }
        }

        var share = (double)matches / comparable;
        Assert.IsTrue(share is > 0.47 and < 0.53, $"share of matches among positions with a k-back neighbour: {share}");
    }

    [TestMethod]
    public void RelativeKinds_NeedAnEncoderLayer_RopeNeedsAnEvenHeadDim()
    {
        CollectionAssert.Contains(new ModelConfig { Positional = PositionalKind.Rope, Layers = 0 }.Problems().ToList(),
            "positional 'rope' acts inside attention: it needs at least one encoder layer (layers >= 1); got 0.");
        Assert.IsTrue(new ModelConfig { Positional = PositionalKind.Alibi, Layers = 0 }.Problems().Single().Contains("at least one encoder layer", StringComparison.Ordinal));
        Assert.IsTrue(new ModelConfig { Positional = PositionalKind.Rope, Layers = 1, Dim = 12, Heads = 4 }.Problems().Single().Contains("must be even", StringComparison.Ordinal));
        Assert.AreEqual(0, new ModelConfig { Positional = PositionalKind.Rope, Layers = 1 }.Problems().Count);
    }
}
