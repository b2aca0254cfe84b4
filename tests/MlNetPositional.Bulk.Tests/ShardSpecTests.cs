namespace MlNetPositional.Bulk.Tests;

/// <summary>ShardSpec: i/N parsed with the value in every refusal; N shards cover every row once.</summary>
[TestClass]
public sealed class ShardSpecTests
{
    [TestMethod]
    public void ShardSpec_Parse_NShardsTakeEveryRowExactlyOnce()
    {
        var shards = Enumerable.Range(0, 4).Select(i => ShardSpec.Parse($"{i}/4")).ToList();

        for (long row = 0; row < 1000; row++)
        {
            Assert.AreEqual(1, shards.Count(s => s.Contains(row)), $"row {row}");
        }

        Assert.AreEqual(new ShardSpec(2, 4), shards[2]);
        Assert.AreEqual("2/4", shards[2].ToString());
        Assert.IsTrue(ShardSpec.Whole.Contains(12345));
    }

    [TestMethod]
    [DataRow("5/4", "shards are numbered 0 to 3")]
    [DataRow("4/4", "shards are numbered 0 to 3")]
    [DataRow("-1/4", "shards are numbered 0 to 3")]
    [DataRow("0/0", "at least 1")]
    [DataRow("1", "expected i/N")]
    [DataRow("a/b", "expected i/N")]
    public void ShardSpec_Parse_RefusesWithTheValue(string text, string reason)
    {
        var error = Assert.ThrowsExactly<InvalidBulkInputException>(() => ShardSpec.Parse(text));

        StringAssert.StartsWith(error.Message, $"shard '{text}': ");
        StringAssert.Contains(error.Message, reason);
    }
}
