using MlNetPositional.Contract;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Tasks;

/// <summary>Each task's labels checked against a slow, obvious reference on many seeded samples.</summary>
[TestClass]
public sealed class TaskLabelTests
{
    private static readonly Vocabulary Vocabulary = Vocabulary.Synthetic(20);

    [TestMethod]
    public void Reverse_LabelIsTokenAtMirroredPosition()
    {
        var task = new ReverseTask(Vocabulary, maxLength: 12);
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var example = task.Sample(random);
            var reference = Enumerable.Reverse(example.Tokens).ToArray();
            CollectionAssert.AreEqual(reference, example.Labels);
            AssertOrdinaryTokens(example.Tokens, 1, 12);
        }
    }

    [TestMethod]
    public void TokenAt_LabelIsTokenAtPositionK()
    {
        var task = new TokenAtTask(Vocabulary, maxLength: 10, position: 4);
        var random = new Random(8);
        for (var n = 0; n < 2000; n++)
        {
            var example = task.Sample(random);
            Assert.AreEqual(example.Tokens.Skip(4).First(), example.Labels.Single());
            AssertOrdinaryTokens(example.Tokens, 5, 10);
        }
    }

    [TestMethod]
    public void Order_AAndBOccurOnce_LabelSaysWhetherAComesFirst_Balanced()
    {
        var task = new OrderTask(Vocabulary, maxLength: 9);
        var random = new Random(9);
        var positives = 0;
        const int Samples = 4000;
        for (var n = 0; n < Samples; n++)
        {
            var example = task.Sample(random);
            Assert.AreEqual(1, example.Tokens.Count(t => t == task.TokenA));
            Assert.AreEqual(1, example.Tokens.Count(t => t == task.TokenB));
            var expected = Array.IndexOf(example.Tokens, task.TokenA) < Array.IndexOf(example.Tokens, task.TokenB) ? 1 : 0;
            Assert.AreEqual(expected, example.Labels.Single());
            positives += expected;
            AssertOrdinaryTokens(example.Tokens, 2, 9);
        }

        Assert.AreEqual(0.5, positives / (double)Samples, 0.03);
    }

    [TestMethod]
    public void Sample_SameRandomState_SameExample()
    {
        foreach (var kind in Enum.GetValues<TaskKind>())
        {
            var task = PositionalTask.Create(kind, Vocabulary, 8);
            var first = task.Sample(new Random(3));
            var second = task.Sample(new Random(3));
            CollectionAssert.AreEqual(first.Tokens, second.Tokens, kind.ToName());
            CollectionAssert.AreEqual(first.Labels, second.Labels, kind.ToName());
        }
    }

    [TestMethod]
    public void Create_MinLengthAboveMaxLength_ThrowsNamingBoth()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PositionalTask.Create(TaskKind.Reverse, Vocabulary, maxLength: 4, minLength: 6));
        StringAssert.Contains(error.Message, "min length (6)");
        StringAssert.Contains(error.Message, "max length (4)");
    }

    [TestMethod]
    public void Order_VocabularyWithoutFiller_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OrderTask(Vocabulary.Synthetic(4), 5));
    }

    private static void AssertOrdinaryTokens(int[] tokens, int minLength, int maxLength)
    {
        Assert.IsTrue(tokens.Length >= minLength && tokens.Length <= maxLength, $"length {tokens.Length}");
        Assert.IsFalse(tokens.Contains(Vocabulary.PadId), "no [PAD] inside a sequence");
        Assert.IsFalse(tokens.Contains(Vocabulary.UnknownId), "no [UNK] inside a sequence");
    }
}
