using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Rows with columns before and after the token column (<c>A, Ids, B, Name</c>), the shape in which
/// a transform that maps columns by position instead of by name shows its bugs.
/// </summary>
internal sealed class WideRows
{
    public float A { get; set; }

    [VectorType]
    public long[] Ids { get; set; } = [];

    public string B { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><paramref name="count"/> rows of 1..8 valid ids of the order model, seeded.</summary>
    public static WideRows[] Create(int count = 40, int seed = 3)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new WideRows
        {
            A = i * 0.5f,
            Ids = [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (long)random.Next(2, 12))],
            B = $"b{i}",
            Name = $"row-{i}",
        })];
    }
}
