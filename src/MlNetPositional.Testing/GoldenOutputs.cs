using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlNetPositional.Contract.Files;

namespace MlNetPositional.Testing;

/// <summary>
/// Golden outputs: a model's token embeddings for sample sequences, kept in a small JSON file (one
/// line per sample, so a diff shows which changed) and compared by
/// <see cref="PositionalModelAssert.MatchesGolden"/>. Record one when a model is accepted; record it
/// again, on purpose, when a change is intended.
/// </summary>
/// <example>
/// <code>
/// // Once, or when a retrain is accepted (for example behind an environment variable):
/// GoldenOutputs.Record("onnx/order.onnx", "golden/order.json");
/// </code>
/// </example>
public static class GoldenOutputs
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Writes the outputs of <paramref name="modelPath"/> for <paramref name="samples"/> (default: 8 seeded sequences of its ordinary tokens) to <paramref name="goldenFile"/>, atomically.</summary>
    public static void Record(string modelPath, string goldenFile, IReadOnlyList<long[]>? samples = null)
    {
        using var model = PositionalModelAssert.Load(modelPath);
        samples ??= SampleSequences.For(model);
        var results = model.Embed(samples);
        var lines = samples.Select((ids, row) => JsonSerializer.Serialize(new GoldenSample(ids, results[row].Embeddings), Json));
        var header = JsonSerializer.Serialize(new { model = Path.GetFileName(modelPath), dim = model.Dim, positional = model.Metadata.Config.Positional.ToString() });
        var directory = Path.GetDirectoryName(Path.GetFullPath(goldenFile))!;
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(goldenFile, $"{{\"header\": {header},\n\"samples\": [\n{string.Join(",\n", lines)}\n]}}\n");
    }

    /// <summary>Reads a golden file.</summary>
    /// <exception cref="AssertFailedException">Missing or unreadable (the message says how to record one).</exception>
    internal static (int Dim, IReadOnlyList<GoldenSample> Samples) Read(string goldenFile)
    {
        if (!File.Exists(goldenFile))
        {
            throw new AssertFailedException($"PositionalModelAssert.MatchesGolden: the golden file {goldenFile} does not exist; record it once with GoldenOutputs.Record(modelPath, \"{goldenFile}\").");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(goldenFile));
            var dim = document.RootElement.GetProperty("header").GetProperty("dim").GetInt32();
            var samples = document.RootElement.GetProperty("samples").Deserialize<List<GoldenSample>>(Json)!;
            return (dim, samples);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new AssertFailedException($"PositionalModelAssert.MatchesGolden: {goldenFile} is not a golden file written by GoldenOutputs.Record: {e.Message}", e);
        }
    }

    /// <summary>One sample: its token ids and their output vectors, flattened (length x dim).</summary>
    internal sealed record GoldenSample(
        [property: JsonPropertyName("ids")] long[] Ids,
        [property: JsonPropertyName("embeddings")] float[] Embeddings);
}
