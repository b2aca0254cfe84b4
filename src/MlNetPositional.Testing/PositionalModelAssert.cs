using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlNetPositional.Contract;
using MlNetPositional.Inference;

namespace MlNetPositional.Testing;

/// <summary>
/// MSTest assertions on a model exported by MlNetPositional. A failure is an
/// <see cref="AssertFailedException"/> whose message says what was expected, what was found and where.
/// </summary>
/// <example>
/// <code>
/// [TestMethod]
/// public void OrderModel_IsSound()
/// {
///     PositionalModelAssert.IsValid("onnx/order.onnx");
///     PositionalModelAssert.IsPositionSensitive("onnx/order.onnx");
///     PositionalModelAssert.MatchesGolden("onnx/order.onnx", "golden/order.json");
/// }
/// </code>
/// </example>
public static class PositionalModelAssert
{
    /// <summary>
    /// The file parses as ONNX, carries this project's contract metadata, its tables have the shapes
    /// the metadata claims, no weight is NaN or infinite, and ONNX Runtime loads it and scores a small
    /// batch to finite outputs.
    /// </summary>
    /// <example><code>PositionalModelAssert.IsValid("onnx/order.onnx");</code></example>
    public static void IsValid(string modelPath)
    {
        using var model = Load(modelPath);
        try
        {
            model.VerifyScoring();
        }
        catch (InvalidOnnxModelException e)
        {
            throw new AssertFailedException($"PositionalModelAssert.IsValid failed: expected finite outputs from ONNX Runtime; {e.Message}", e);
        }
    }

    /// <summary>
    /// Positions matter: the same token at another position gets another output. Sample sequences are
    /// scored as they are and with their tokens permuted; each token's output is compared with its own
    /// output in the other order (relative change of the vector). A model without learned positional
    /// information (kind <c>none</c>, or positions never trained) gives about 0. Per-token outputs are
    /// compared because a mean-pooled embedding-only model is order-blind by construction.
    /// </summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="minChange">Smallest mean relative change accepted (default 0.01).</param>
    /// <example><code>PositionalModelAssert.IsPositionSensitive("onnx/order.onnx", minChange: 0.05);</code></example>
    public static void IsPositionSensitive(string modelPath, double minChange = 0.01)
    {
        using var model = Load(modelPath);
        var samples = SampleSequences.For(model, count: 16, seed: 2).Where(s => s.Distinct().Count() > 1).ToList();
        var random = new Random(3);
        var permutations = samples.Select(s => Derangement(s.Length, random)).ToList();
        var permuted = samples.Select((s, i) => permutations[i].Select(j => s[j]).ToArray()).ToList();
        var original = model.Embed(samples);
        var moved = model.Embed(permuted);
        double total = 0;
        var count = 0;
        for (var row = 0; row < samples.Count; row++)
        {
            for (var position = 0; position < samples[row].Length; position++)
            {
                // Token at `position` of the permuted row came from position permutations[row][position].
                var before = original[row].Token(permutations[row][position]);
                var after = moved[row].Token(position);
                total += Distance(before, after) / Math.Max(Norm(before), 1e-12);
                count++;
            }
        }

        var change = total / count;
        if (!(change >= minChange))
        {
            throw new AssertFailedException(string.Create(CultureInfo.InvariantCulture,
                $"PositionalModelAssert.IsPositionSensitive failed for {modelPath} ({model.Metadata.Config.Positional.ToName()} positions): moving tokens changed their outputs by {change:G3} on average (relative), expected at least {minChange:G3}. A model whose positions were never learned gives about 0."));
        }
    }

    /// <summary>
    /// The model's outputs on the golden file's sequences equal the recorded ones within
    /// <paramref name="tolerance"/> (absolute): catches a retrain or an upgrade that silently changed
    /// the model. The failure names the worst row, position, value and difference.
    /// </summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="goldenFile">Written by <see cref="GoldenOutputs.Record"/>.</param>
    /// <param name="tolerance">Largest absolute difference accepted (default 1e-4: ONNX Runtime builds and CPUs differ by far less).</param>
    /// <example><code>PositionalModelAssert.MatchesGolden("onnx/order.onnx", "golden/order.json", tolerance: 1e-4);</code></example>
    public static void MatchesGolden(string modelPath, string goldenFile, double tolerance = 1e-4)
    {
        var golden = GoldenOutputs.Read(goldenFile);
        using var model = Load(modelPath);
        if (golden.Dim != model.Dim)
        {
            throw new AssertFailedException($"PositionalModelAssert.MatchesGolden failed for {modelPath}: the golden file {goldenFile} has dim {golden.Dim}, the model has dim {model.Dim}.");
        }

        IReadOnlyList<EmbeddingResult> results;
        try
        {
            results = model.Embed(golden.Samples.Select(s => s.Ids).ToList());
        }
        catch (PositionalInputException e)
        {
            throw new AssertFailedException($"PositionalModelAssert.MatchesGolden failed for {modelPath}: the golden file {goldenFile} holds sequences this model cannot take ({e.Message}); it was recorded for another vocabulary or length.", e);
        }

        var (worst, worstRow, worstPosition, worstValue) = (0.0, -1, -1, -1);
        for (var row = 0; row < results.Count; row++)
        {
            var expected = golden.Samples[row].Embeddings;
            for (var i = 0; i < expected.Length; i++)
            {
                var difference = Math.Abs(expected[i] - results[row].Embeddings[i]);
                if (!(difference <= worst))
                {
                    (worst, worstRow, worstPosition, worstValue) = (double.IsNaN(difference) ? double.PositiveInfinity : difference, row, i / model.Dim, i % model.Dim);
                }
            }
        }

        if (worst > tolerance)
        {
            var expected = golden.Samples[worstRow].Embeddings[(worstPosition * model.Dim) + worstValue];
            var found = results[worstRow].Embeddings[(worstPosition * model.Dim) + worstValue];
            throw new AssertFailedException(string.Create(CultureInfo.InvariantCulture,
                $"PositionalModelAssert.MatchesGolden failed for {modelPath} against {goldenFile}: largest difference {worst:G3} (tolerance {tolerance:G3}) at row {worstRow}, position {worstPosition}, value {worstValue}: expected {expected:R}, found {found:R}. If the change is intended, record the golden file again (GoldenOutputs.Record)."));
        }
    }

    /// <summary>Loads the model, turning a refusal into an assertion failure that names the problem.</summary>
    internal static PositionalEmbeddingModel Load(string modelPath)
    {
        try
        {
            return PositionalEmbeddingModel.Load(modelPath);
        }
        catch (InvalidOnnxModelException e)
        {
            throw new AssertFailedException($"PositionalModelAssert.IsValid failed: expected a model exported by MlNetPositional; {e.Message}", e);
        }
    }

    /// <summary>A random permutation that moves every position (for length >= 2).</summary>
    private static int[] Derangement(int length, Random random)
    {
        var order = Enumerable.Range(0, length).ToArray();
        do
        {
            random.Shuffle(order);
        }
        while (order.Where((value, index) => value == index).Any());

        return order;
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }

    private static double Norm(ReadOnlySpan<float> a)
    {
        double sum = 0;
        foreach (var v in a)
        {
            sum += v * (double)v;
        }

        return Math.Sqrt(sum);
    }
}
