using System.Reflection;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// The benchmark workloads' models, trained for one step (the weights do not matter for speed) and
/// exported by the CLI, cached per user and per contract version.
/// </summary>
internal static class ReferenceModel
{
    /// <summary>The reference workload: embedding only, vocabulary 1000, dim 256, max length 64; rows of 64 tokens.</summary>
    public static Workload EmbeddingOnly { get; } = new("embedding-only", VocabSize: 1000, Dim: 256, MaxLength: 64, Layers: 0, Heads: 1, MinLength: 64);

    /// <summary>The encoder workload: 2 layers, dim 64, 4 heads, max length 128; rows of 16..128 tokens.</summary>
    public static Workload Encoder { get; } = new("encoder", VocabSize: 1000, Dim: 64, MaxLength: 128, Layers: 2, Heads: 4, MinLength: 16);

    public static Workload Named(string name) => name == Encoder.Name ? Encoder : EmbeddingOnly;

    /// <summary>One workload: its model and the lengths of its rows.</summary>
    internal sealed record Workload(string Name, int VocabSize, int Dim, int MaxLength, int Layers, int Heads, int MinLength)
    {
        private readonly Lazy<string> _path = new(() => Create(Name, VocabSize, Dim, MaxLength, Layers, Heads));

        public string Path => _path.Value;

        /// <summary><paramref name="count"/> rows of MinLength..MaxLength ids, seeded.</summary>
        public long[][] Rows(int count, int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, random.Next(MinLength, MaxLength + 1)).Select(_ => (long)random.Next(2, VocabSize)).ToArray())];
        }
    }

    private static string Create(string name, int vocabSize, int dim, int maxLength, int layers, int heads)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnet-positional-benchmarks", $"{name}-contract2");
        var model = System.IO.Path.Combine(folder, "model.onnx");
        if (File.Exists(model))
        {
            return model;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Cli("train", "--task", "order", "--layers", $"{layers}", "--heads", $"{heads}", "--vocab-size", $"{vocabSize}", "--dim", $"{dim}", "--max-len", $"{maxLength}",
            "--steps", "1", "--batch-size", "8", "--eval-every", "1", "--seed", "1", "--out", folder);
        Cli("export", "--checkpoint", folder, "--out", model);
        return model;
    }

    private static void Cli(params string[] arguments)
    {
        var cli = typeof(ReferenceModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MlNetPositionalCli").Value!;
        var (code, _, stderr) = ProcessRunner.Run("dotnet", [cli, .. arguments], TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"mlnet-positional {string.Join(' ', arguments)} failed: {stderr}");
        }
    }
}
