using Microsoft.ML;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Services call this from many threads: results must not depend on who else is scoring.</summary>
[TestClass]
public sealed class ConcurrencyTests
{
    private const int RowsPerThread = 10_000;

    [TestMethod]
    [TestCategory("Long")]
    public void EightThreads_EachWithItsOwnPredictionEngine_EqualSequentialResults()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(seed: 3, RowsPerThread);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var sequentialEngine = ml.Model.CreatePredictionEngine<Int64Row, SaveLoadAndEnginesTests.Prediction>(transformer);
        var expected = rows.Select(r => sequentialEngine.Predict(r).Features).ToArray();

        var mismatches = new int[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var engine = ml.Model.CreatePredictionEngine<Int64Row, SaveLoadAndEnginesTests.Prediction>(transformer);
            for (var i = 0; i < rows.Length; i++)
            {
                var r = (i + (thread * 997)) % rows.Length; // each thread in its own order
                if (!engine.Predict(rows[r]).Features.AsSpan().SequenceEqual(expected[r]))
                {
                    mismatches[thread]++;
                }
            }
        });

        CollectionAssert.AreEqual(new int[8], mismatches);
    }

    [TestMethod]
    [TestCategory("Long")]
    public void FourThreads_TransformingASharedTransformer_10000RowsEach_EqualSequentialResults()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(seed: 4, RowsPerThread));
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var expected = Column(transformer.Transform(data));

        var results = new List<float[]>[4];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Column(transformer.Transform(data)));

        foreach (var result in results)
        {
            Assert.AreEqual(RowsPerThread, result.Count);
            Assert.IsTrue(result.Zip(expected).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
        }
    }

    private static Int64Row[] Rows(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new Int64Row { Tokens = [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (long)random.Next(2, 12))] })];
    }
}
