using MlNetPositional.Inference;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Batches are cut into ONNX Runtime calls of similar lengths, each row in exactly one call.</summary>
[TestClass]
public sealed class LengthBucketsTests
{
    [TestMethod]
    public void RowsOfOneLength_StayInOneCallInTheirOrder()
    {
        var rows = Enumerable.Range(0, 64).Select(_ => new long[64]).ToArray();
        var (order, calls) = (new List<int>(), new List<(int Start, int Count)>());

        LengthBuckets.Split(rows, 1 << 20, order, calls);

        CollectionAssert.AreEqual(new[] { (0, 64) }, calls);
        CollectionAssert.AreEqual(Enumerable.Range(0, 64).ToArray(), order);
    }

    [TestMethod]
    public void MixedLengths_EveryRowOnce_PaddingAtMostAnEighthOfEachCall()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 64).Select(_ => new long[random.Next(16, 129)]).ToArray();
        var (order, calls) = (new List<int>(), new List<(int Start, int Count)>());

        LengthBuckets.Split(rows, 1 << 20, order, calls);

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 64).ToArray(), order);
        Assert.AreEqual(64, calls.Sum(c => c.Count));
        Assert.IsTrue(calls.Count is > 1 and < 64, $"{calls.Count} calls");
        foreach (var (start, count) in calls)
        {
            var lengths = order.Skip(start).Take(count).Select(i => rows[i].Length).ToArray();
            var padded = (long)count * lengths.Max();
            Assert.IsTrue(padded <= lengths.Sum() * (1 + LengthBuckets.MaxPaddingShare), $"call at {start}: {padded} padded for {lengths.Sum()} real tokens");
        }

        var all = order.Select(i => rows[i].Length).ToArray();
        CollectionAssert.AreEqual(all.Order().ToArray(), all, "calls in ascending length");
    }

    [TestMethod]
    public void TokenBudget_CutsCalls_ALongerRowGetsItsOwn()
    {
        var rows = Enumerable.Range(0, 64).Select(_ => new long[64]).Append(new long[3000]).ToArray();
        var (order, calls) = (new List<int>(), new List<(int Start, int Count)>());

        LengthBuckets.Split(rows, 2048, order, calls);

        CollectionAssert.AreEqual(new[] { (0, 32), (32, 32), (64, 1) }, calls);
        Assert.AreEqual(64, order[64]);
    }

    [TestMethod]
    public void NoRows_NoCalls()
    {
        var (order, calls) = (new List<int>(), new List<(int Start, int Count)>());

        LengthBuckets.Split([], 512, order, calls);

        Assert.AreEqual(0, calls.Count);
    }
}
