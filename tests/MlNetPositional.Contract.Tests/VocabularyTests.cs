using MlNetPositional.Contract;

namespace MlNetPositional.Contract.Tests;

[TestClass]
public sealed class VocabularyTests
{
    [TestMethod]
    public void Synthetic_ReservesPadAndUnk()
    {
        var vocabulary = Vocabulary.Synthetic(5);

        CollectionAssert.AreEqual(new[] { "[PAD]", "[UNK]", "t2", "t3", "t4" }, vocabulary.Tokens.ToArray());
        Assert.AreEqual(0, vocabulary.PadId);
        Assert.AreEqual(1, vocabulary.UnknownId);
    }

    [TestMethod]
    public void Synthetic_PadElsewhere_UnkTakesLowestFreeId()
    {
        var vocabulary = Vocabulary.Synthetic(4, padId: 2);

        CollectionAssert.AreEqual(new[] { "[UNK]", "t1", "[PAD]", "t3" }, vocabulary.Tokens.ToArray());
    }

    [TestMethod]
    public void IdOf_UnknownToken_IsUnk()
    {
        var vocabulary = new Vocabulary(["[PAD]", "[UNK]", "the", "cat"]);

        Assert.AreEqual(3, vocabulary.IdOf("cat"));
        Assert.AreEqual(1, vocabulary.IdOf("dog"));
        Assert.AreEqual("the", vocabulary[2]);
    }

    [TestMethod]
    public void Json_RoundTrips()
    {
        var vocabulary = new Vocabulary(["[PAD]", "[UNK]", "naïve", "\"quoted\""]);

        var copy = Vocabulary.FromJson(vocabulary.ToJson());

        CollectionAssert.AreEqual(vocabulary.Tokens.ToArray(), copy.Tokens.ToArray());
    }

    [TestMethod]
    public void Constructor_DuplicateOrMissingReserved_Throws()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Vocabulary(["[PAD]", "[UNK]", "a", "a"])).Message, "'a' appears twice");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Vocabulary(["[PAD]", "a"])).Message, "[UNK]");
        Assert.ThrowsExactly<FormatException>(() => Vocabulary.FromJson("{\"not\": \"an array\"}"));
    }
}
